using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>
/// An agent sends a scan's results without endpoints in columns: what arrives at the dashboard must say all that the
/// agent's own probes say, and the open ports come whole with their endpoints.
/// </summary>
[Collection(AgentLabGroup.Name)]
public sealed class AgentScanWireTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScanFromAgent_ArrivesWithEveryField_ClosedInColumns_OpenWhole()
    {
        var open = AgentVantageTests.FreeLoopbackPort();
        using var onlyInA = AgentNetwork.ListenInside(lab.Network.A, new IPEndPoint(IPAddress.Loopback, open));

        using var started = await lab.Http.PostJsonAsync("api/scans",
            $"{{\"targets\":\"127.0.0.1\",\"ports\":\"20-25,{open}\",\"discovery\":\"off\",\"from\":\"alpha\"}}", Token);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Token));
        var scan = started.Headers.Location!.OriginalString.TrimStart('/');
        ScanStatus status;
        var deadline = DateTime.UtcNow.AddMinutes(1);
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the scan did not end within a minute");
            await Task.Delay(100, Token);
            status = (await lab.Http.GetFromJsonAsync<ScanStatus>(new Uri(scan, UriKind.Relative), Token))!;
        }
        while (status.State == ScanState.Running);
        var results = (await lab.Http.GetFromJsonAsync<ResultsPage>(new Uri($"{scan}/results", UriKind.Relative), Token))!.Results;
        var probe22 = await ProbeAsync($"{{\"host\":\"127.0.0.1\",\"port\":22,\"from\":\"alpha\"}}");

        Assert.Equal((ScanState.Completed, 7L, "alpha"), (status.State, status.Completed, status.From));
        Assert.Equal([20, 21, 22, 23, 24, 25, open], results.Select(r => r.Port).Order());
        var opened = Assert.Single(results, r => r.State == ProbeState.Open);
        Assert.Equal((open, 0, "OK", $"127.0.0.1:{open}"), (opened.Port, opened.Code, opened.CodeName, opened.RemoteEndPoint));
        Assert.NotNull(opened.LocalEndPoint);
        var ssh = results.Single(r => r.Port == 22);
        Assert.Equal((probe22.Host, probe22.Address, probe22.State, probe22.Code, probe22.CodeName, probe22.SocketError, probe22.Message, probe22.Service),
            (ssh.Host, ssh.Address, ssh.State, ssh.Code, ssh.CodeName, ssh.SocketError, ssh.Message, ssh.Service));
        Assert.Equal(("ssh", 111, "ECONNREFUSED"), (ssh.Service, ssh.Code, ssh.CodeName));
        Assert.All(results.Where(r => r.State != ProbeState.Open), r =>
        {
            Assert.NotNull(r.RttMs);
            Assert.Null(r.RemoteEndPoint);
            Assert.InRange(r.At, status.StartedAt.AddSeconds(-5), status.StartedAt.AddMinutes(2));
        });
    }

    private async Task<ProbeResult> ProbeAsync(string json)
    {
        using var response = await lab.Http.PostJsonAsync("api/probe", json, Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        return (await response.Content.ReadFromJsonAsync<ProbeResult>(Token))!;
    }

    private sealed record ResultsPage(List<ProbeResult> Results);
}
