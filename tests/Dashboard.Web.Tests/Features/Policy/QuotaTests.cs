using System.Net;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Operations;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>Per-user quotas: hit, refused with the limit and when to retry, recovered when the clock moves on.</summary>
public sealed class QuotaTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly Actor Ann = new("user-ann", "ann", Role.Operator, IPAddress.Loopback, Door.Hub);
    private static readonly Actor AnnsToken = Ann with { Door = Door.Api };
    private static readonly Actor Bob = new("user-bob", "bob", Role.Operator, IPAddress.Loopback, Door.Hub);

    private static Quotas NewQuotas(FakeTimeProvider clock, Action<QuotaOptions> configure)
    {
        var options = new PolicyOptions();
        configure(options.Quotas);
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new Quotas(Options.Create(options), clock, new DashboardMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), new UnsharedQuotaWindows());
    }

    [Fact]
    public void ProbesPerMinute_AreHit_RefusedWithRetryAfter_AndRecoverWhenTheMinuteIsOver()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        using var quotas = NewQuotas(clock, q => q.ProbesPerMinute = 2);

        quotas.TakeProbe(Ann);
        clock.Advance(TimeSpan.FromSeconds(20));
        quotas.TakeProbe(AnnsToken);
        var refused = Assert.Throws<RequestRefusedException>(() => quotas.TakeProbe(Ann));
        quotas.TakeProbe(Bob);
        clock.Advance(TimeSpan.FromSeconds(39));
        var stillRefused = Assert.Throws<RequestRefusedException>(() => quotas.TakeProbe(AnnsToken));
        clock.Advance(TimeSpan.FromSeconds(1));
        quotas.TakeProbe(Ann);

        Assert.Equal(ErrorKind.LimitReached, refused.Kind);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.RetryAfter);
        Assert.Equal("ann has used the quota of 2 probes per minute (Policy:Quotas:ProbesPerMinute); try again in 40 s", refused.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), stillRefused.RetryAfter);
    }

    [Fact]
    public void UdpDatagrams_CountEachDatagramOfASend()
    {
        var clock = new FakeTimeProvider();
        using var quotas = NewQuotas(clock, q => q.UdpDatagramsPerMinute = 5);

        quotas.TakeDatagrams(Ann, 3);
        var overQuota = Assert.Throws<RequestRefusedException>(() => quotas.TakeDatagrams(Ann, 3));
        quotas.TakeDatagrams(Ann, 2);
        var tooMany = Assert.Throws<RequestRefusedException>(() => quotas.TakeDatagrams(Bob, 6));
        clock.Advance(TimeSpan.FromMinutes(1));
        quotas.TakeDatagrams(Ann, 5);

        Assert.Equal(TimeSpan.FromMinutes(1), overQuota.RetryAfter);
        Assert.Equal("6 UDP datagrams at once is more than the 5 one user may send per minute (Policy:Quotas:UdpDatagramsPerMinute)", tooMany.Message);
        Assert.Null(tooMany.RetryAfter);
    }

    [Fact]
    public void Scans_AreLimitedInNumberAndSize()
    {
        using var quotas = NewQuotas(new FakeTimeProvider(), q => (q.ConcurrentScans, q.ProbesPerScan) = (2, 1_000));

        quotas.CheckScan(Ann, 1, 1_000);
        var running = Assert.Throws<RequestRefusedException>(() => quotas.CheckScan(Ann, 2, 10));
        var large = Assert.Throws<RequestRefusedException>(() => quotas.CheckScan(Ann, 0, 1_001));

        Assert.StartsWith("ann has 2 scans running, the most one user may (Policy:Quotas:ConcurrentScans = 2)", running.Message, StringComparison.Ordinal);
        Assert.Equal("the scan would make 1,001 probes (addresses × ports); one scan of a user may make at most 1,000 (Policy:Quotas:ProbesPerScan)", large.Message);
    }

    [Fact]
    public async Task PastTheProbeQuota_RestAnswers429WithRetryAfter_AndTheHubSaysWhenToRetry()
    {
        await using var host = DashboardHost.With(new() { ["Policy:Quotas:ProbesPerMinute"] = "2", ["Policy:Quotas:ProbesPerScan"] = "10" });
        using var target = new LoopbackListener(IPAddress.Loopback);
        using var http = host.Http();
        await using var hub = await host.ConnectHubAsync(Token);

        using var first = await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", target.Port), Token);
        await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", target.Port), Token);
        using var third = await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", target.Port), Token);
        var hubRefusal = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", target.Port), Token));
        using var bigScan = await http.PostAsync("api/scans", new ScanRequest("127.0.0.1", "1-11"), Token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var (status, detail, _) = await third.ProblemAsync(Token);
        Assert.Equal(429, status);
        Assert.StartsWith("admin has used the quota of 2 probes per minute (Policy:Quotas:ProbesPerMinute); try again in", detail, StringComparison.Ordinal);
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Matches(@"\(retry after \d+ s\)$", hubRefusal.Message);
        var (scanStatus, scanDetail, _) = await bigScan.ProblemAsync(Token);
        Assert.Equal((429, "the scan would make 11 probes (addresses × ports); one scan of a user may make at most 10 (Policy:Quotas:ProbesPerScan)"), (scanStatus, scanDetail));
    }
}
