using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Watches;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>Watches made over REST and waited on until their runs have decided a state.</summary>
internal static class WatchRuns
{
    /// <summary>Hosts whose Admin may run a watch every second.</summary>
    public static DashboardHost FastHost() => DashboardHost.With(new() { ["Watches:AdminMinIntervalSeconds"] = "1" });

    public static async Task<WatchView> CreateAsync(HttpClient http, string json, CancellationToken cancellationToken)
    {
        using var response = await http.PostJsonAsync("api/watches", json, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(cancellationToken));
        return (await response.Content.ReadFromJsonAsync<WatchView>(cancellationToken))!;
    }

    /// <summary>Polls the watch until every vantage point is <paramref name="status"/> (the test's own timeout bounds the wait).</summary>
    public static async Task<WatchView> UntilAsync(HttpClient http, string name, WatchStatus status, CancellationToken cancellationToken)
    {
        while (true)
        {
            var view = (await http.GetFromJsonAsync<WatchView>(new Uri($"api/watches/{name}", UriKind.Relative), cancellationToken))!;
            if (view.States.All(s => s.Status == status))
            {
                return view;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
