using System.Net.Http.Json;
using Dashboard.Contracts.History;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Tests.Support;

/// <summary>Settings for a host on SQLite (its own file) or on a fresh database of the real PostgreSQL, and the REST calls the history tests share.</summary>
internal static class HistoryHosts
{
    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<Dictionary<string, string?>> SettingsAsync(PostgresServer postgres, string provider) => provider == "Postgres"
        ? new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Dashboard"] = await postgres.CreateDatabaseAsync(Token) }
        : [];

    /// <summary>Starts a scan over REST and waits for its end.</summary>
    public static async Task<ScanStatus> ScanAsync(HttpClient http, ScanRequest request)
    {
        using var response = await http.PostAsync("api/scans", request, Token);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Token)}");
        var started = await response.Content.ReadFromJsonAsync<ScanStatus>(Token);
        while (true)
        {
            var status = await http.GetFromJsonAsync<ScanStatus>(new Uri($"api/scans/{started!.ScanId}", UriKind.Relative), Token);
            if (status!.State != ScanState.Running)
            {
                return status;
            }

            await Task.Delay(50, Token);
        }
    }

    public static async Task<HistoryPage> HistoryAsync(HttpClient http, string query = "") =>
        (await http.GetFromJsonAsync<HistoryPage>(new Uri("api/history" + query, UriKind.Relative), Token))!;
}

/// <summary>The system's clock moved by <see cref="Offset"/>: timers stay real, "now" is wherever a test puts it.</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
