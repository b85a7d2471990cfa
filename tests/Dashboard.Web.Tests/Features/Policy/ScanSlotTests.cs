using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Access;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>
/// No one user holds every scan slot of the server: their share is below the server's (checked at start), and a scan
/// that runs past the longest a scan may is cancelled, saying why.
/// </summary>
public sealed class ScanSlotTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("4", null)]
    [InlineData("3", "3")]
    public void APerUserScanLimitNotBelowTheServers_StopsTheStart_NamingBothSettings(string perUser, string? server)
    {
        var settings = new Dictionary<string, string?> { ["Policy:Quotas:ConcurrentScans"] = perUser };
        if (server is not null)
        {
            settings["Dashboard:Scans:MaxRunning"] = server;
        }

        using var host = DashboardHost.With(settings);

        var refused = Assert.ThrowsAny<OptionsValidationException>(() => host.BaseAddress);

        Assert.Contains($"Policy:Quotas:ConcurrentScans ({perUser}) must be below Dashboard:Scans:MaxRunning ({server ?? "4"})", refused.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneOperatorsSlowScans_LeaveSlotsForOthers_TheirNextIsRefused429()
    {
        // Every connect to the dropping port waits its full 10 s, twice: each scan runs 20 s or more.
        await using var host = DashboardHost.With(new() { ["Sockets:Scan:MinTimeoutMs"] = "10000" });
        using var dropping = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        var (_, ottoToken) = await host.AddUserAsync("slot-otto", Role.Operator, Token);
        var (_, olgaToken) = await host.AddUserAsync("slot-olga", Role.Operator, Token);
        using var otto = host.Http(ottoToken);
        using var olga = host.Http(olgaToken);
        var slow = new ScanRequest("127.0.0.1", dropping.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeoutMs: 10_000,
            Discovery: HostDiscovery.Off);

        var ottos = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            ottos.Add(await otto.PostAsync("api/scans", slow, Token));
        }

        using var olgas = await olga.PostAsync("api/scans", slow, Token);
        var started = new List<string>();
        foreach (var response in ottos.Append(olgas).Where(r => r.StatusCode == HttpStatusCode.Accepted))
        {
            started.Add((await response.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId);
        }

        var (status, detail, _) = await ottos[2].ProblemAsync(Token);
        using var admin = host.Http();
        foreach (var id in started)
        {
            (await admin.DeleteAsync(new Uri($"api/scans/{id}", UriKind.Relative), Token)).Dispose();
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], ottos.Select(r => r.StatusCode));
        Assert.Equal((429, "slot-otto has 2 scans running, the most one user may (Policy:Quotas:ConcurrentScans = 2); wait for one to end or cancel it"),
            (status, detail));
        Assert.Equal(HttpStatusCode.Accepted, olgas.StatusCode);
        ottos.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task AScanThatRunsPastTheLongestAScanMay_IsCancelled_WithThatReason_AndKeepsWhatArrived()
    {
        await using var host = DashboardHost.With(new() { ["Dashboard:Scans:MaxDurationSeconds"] = "1", ["Sockets:Scan:MinTimeoutMs"] = "10000" });
        using var dropping = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        using var http = host.Http();

        using var response = await http.PostAsync("api/scans", new ScanRequest("127.0.0.1",
            dropping.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeoutMs: 10_000, Discovery: HostDiscovery.Off), Token);
        var id = (await response.Content.ReadFromJsonAsync<ScanStatus>(Token))!.ScanId;
        var status = await ScanWaits.FinishedAsync(http, id, Token);

        Assert.Equal(ScanState.Cancelled, status.State);
        Assert.Equal("it ran for the longest a scan may: 1 s (Dashboard:Scans:MaxDurationSeconds); what arrived is kept", status.Reason);
    }
}
