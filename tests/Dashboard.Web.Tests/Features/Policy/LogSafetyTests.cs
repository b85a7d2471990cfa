using System.Net.Http.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>Logs are safe to read: a refusal is one line without a stack trace, user text escaped, written under the actor's scope.</summary>
public sealed class LogSafetyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AHostWithCrLf_ThroughTheHubAndRest_ForgesNoLogLine()
    {
        var log = new CapturedLog();
        await using var host = DashboardHost.With([], log.AddTo);
        await using var hub = await host.ConnectHubAsync(Token);
        using var http = host.Http();

        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("x\r\nFORGED", 80), Token));
        using var rest = await http.PostAsync("api/probe", new ProbeRequest("x\r\nFORGED", 80), Token);
        using var udp = await http.PostJsonAsync("api/udp", "{\"host\":\"x\\u001b[31m\\u0000\\nFORGED\",\"port\":53,\"payload\":\"a\"}", Token);

        Assert.Equal(400, (int)rest.StatusCode);
        var lines = log.Lines;
        var refusals = lines.Where(l => l.Category.StartsWith("Dashboard.Web.Errors", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, l =>
        {
            Assert.Equal(LogLevel.Information, l.Level);
            Assert.Null(l.Exception);
            Assert.DoesNotContain('\n', l.Message);
            Assert.DoesNotContain('\r', l.Message);
            Assert.DoesNotContain('\u001b', l.Message);
            Assert.DoesNotContain('\0', l.Message);
            Assert.Contains("of admin through", l.Message, StringComparison.Ordinal);
            Assert.Contains(l.Scopes, s => s.Contains("Actor=admin", StringComparison.Ordinal));
        });
        Assert.Contains(refusals, l => l.Message.Contains("x\\r\\nFORGED", StringComparison.Ordinal));
        Assert.Contains(refusals, l => l.Message.Contains("x\\u001b[31m\\u0000\\nFORGED", StringComparison.Ordinal));
        var physicalLines = lines.SelectMany(l => (l.Message + "\n" + l.Exception).Split(['\r', '\n']));
        Assert.DoesNotContain(physicalLines, line => line.StartsWith("FORGED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanLines_AreWrittenUnderTheScanIdAndItsOwner()
    {
        var log = new CapturedLog();
        await using var host = DashboardHost.With([], log.AddTo);
        using var closed = new ClosedPorts(System.Net.IPAddress.Loopback, 1);
        using var http = host.Http();

        using var started = await http.PostAsync("api/scans", new Contracts.Scan.ScanRequest("127.0.0.1", closed.Spec), Token);
        var id = (await started.Content.ReadFromJsonAsync<Contracts.Scan.ScanStatus>(Token))!.ScanId;
        for (var i = 0; i < 400 && !log.Lines.Any(l => l.Category.Contains("Scan", StringComparison.Ordinal) && l.Message.Contains("finished", StringComparison.OrdinalIgnoreCase)); i++)
        {
            await Task.Delay(25, Token);
        }

        var scanLines = log.Lines.Where(l => l.Message.Contains(id, StringComparison.Ordinal) && l.Category.Contains("Scan", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(scanLines);
        Assert.All(scanLines, l => Assert.Contains(l.Scopes, s => s.Contains($"ScanId={id}", StringComparison.Ordinal) && s.Contains("Actor=admin", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ARefusedListener_IsOneInformationLine_WithoutAnException()
    {
        var log = new CapturedLog();
        await using var host = DashboardHost.With([], log.AddTo);
        await using var hub = await host.ConnectHubAsync(Token);

        var e = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<ListenerInfo>(ProbeHubRoutes.CreateListener, new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.2", host.BaseAddress.Port), Token));

        Assert.DoesNotContain(log.Lines, l => l.Exception is not null);
        var refusal = Assert.Single(log.Lines, l => l.Message.StartsWith("Refused (", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, refusal.Level);
        Assert.Contains("is the dashboard's own port", e.Message, StringComparison.Ordinal);
    }
}
