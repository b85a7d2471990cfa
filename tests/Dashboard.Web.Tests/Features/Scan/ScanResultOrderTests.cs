using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Tests.Features.Scan;

/// <summary>Results and exports come by host and port, as nmap lists them, not in the order the network answered.</summary>
public sealed class ScanResultOrderTests : IAsyncLifetime
{
    private readonly DashboardHost _host = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResultsAndExports_AreInPortOrder_ArrivalOnlyWhenAsked()
    {
        // The lower port never answers (its result comes a timeout later); the higher one refuses at once.
        using var silent = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        var low = silent.EndPoint.Port;
        var high = ClosedPortAbove(low);
        using var http = _host.Http();
        var status = await HistoryHosts.ScanAsync(http, new ScanRequest("127.0.0.1", $"{high},{low}", TimeoutMs: 1_000, Discovery: HostDiscovery.Off));
        var uri = $"api/scans/{status.ScanId}/results?state=closed,filtered";

        var byPort = await http.GetFromJsonAsync<ScanResultsPage>(new Uri(uri, UriKind.Relative), Token);
        var byArrival = await http.GetFromJsonAsync<ScanResultsPage>(new Uri(uri + "&order=arrival", UriKind.Relative), Token);
        var csv = await http.GetStringAsync(new Uri($"api/scans/{status.ScanId}/results.csv?states=closed,filtered", UriKind.Relative), Token);
        var json = await http.GetFromJsonAsync<ProbeResult[]>(new Uri($"api/scans/{status.ScanId}/results.json?states=closed,filtered", UriKind.Relative), Token);
        using var bad = await http.GetAsync(new Uri(uri + "&order=fastest", UriKind.Relative), Token);

        Assert.Equal([low, high], byPort!.Results.Select(r => r.Port));
        Assert.Equal([high, low], byArrival!.Results.Select(r => r.Port));
        Assert.Equal([low, high], json!.Select(r => r.Port));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"\"127.0.0.1\",\"127.0.0.1\",\"{low}\"", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"\"127.0.0.1\",\"127.0.0.1\",\"{high}\"", lines[2], StringComparison.Ordinal);
        Assert.Equal((400, "order must be port or arrival, got 'fastest'"), ((await bad.ProblemAsync(Token)).Status, (await bad.ProblemAsync(Token)).Detail));
    }

    private static int ClosedPortAbove(int port)
    {
        for (var candidate = port + 1; candidate < 65_535; candidate++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, candidate));
                return candidate;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException($"no free port above {port}");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();
}
