using System.Net;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Access;

/// <summary>The services check the actor's role themselves, whatever door the actor came through.</summary>
public sealed class RolesTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly Actor Viewer = new("v1", "vera", Role.Viewer, IPAddress.Loopback, Door.Api);
    private static readonly Actor Operator = new("o1", "otto", Role.Operator, IPAddress.Loopback, Door.Hub);
    private static readonly Actor OtherOperator = new("o2", "olga", Role.Operator, IPAddress.Loopback, Door.Ui);
    private static readonly Actor Admin = new("a1", "ada", Role.Admin, IPAddress.Loopback, Door.Ui);

    private T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    [Fact]
    public async Task Viewer_CannotProbeScanOrOpenListeners_ButCanWatch()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);

        var probe = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Service<ProbeService>().ProbeAsync(Viewer, new ProbeRequest("127.0.0.1", listener.Port), Token));
        var scan = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Service<ScanService>().StartAsync(Viewer, new ScanRequest("127.0.0.1", "1"), Token));
        var open = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Service<ListenerService>().OpenAsync(Viewer, new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), Token));

        Assert.All([probe, scan, open], e => Assert.Equal(ErrorKind.Forbidden, e.Kind));
        Assert.Equal("probing needs the Operator role; vera is a Viewer", probe.Message);
        Assert.NotNull(Service<ListenerService>().List(Viewer));
        Assert.NotNull(Service<ScanService>().List(Viewer));
    }

    [Fact]
    public async Task Operator_ClosesOnlyTheirOwnListener_AnAdminClosesAnyone()
    {
        var listeners = Service<ListenerService>();
        var mine = await listeners.OpenAsync(Operator, new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), Token);
        var theirs = await listeners.OpenAsync(OtherOperator, new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), Token);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => listeners.CloseAsync(Operator, theirs.Id));
        var closedMine = await listeners.CloseAsync(Operator, mine.Id);
        var closedByAdmin = await listeners.CloseAsync(Admin, theirs.Id);

        Assert.Equal(ErrorKind.Forbidden, refused.Kind);
        Assert.Equal($"closing listener {theirs.Id}: it belongs to olga; only its owner or an Admin may do that", refused.Message);
        Assert.Equal((ListenerState.Stopped, "otto"), (closedMine.State, closedMine.Owner));
        Assert.Equal("closed by ada through the ui", closedByAdmin.StoppedReason);
    }

    [Fact]
    public async Task Operator_CancelsOnlyTheirOwnScan()
    {
        using var saturated = await SaturatedListener.CreateAsync(IPAddress.Loopback, Token);
        var scans = Service<ScanService>();
        var job = await scans.StartAsync(OtherOperator,
            new ScanRequest("127.0.0.1", saturated.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeoutMs: 5_000), Token);

        var refused = Assert.Throws<RequestRefusedException>(() => scans.Cancel(Operator, job.Id));
        scans.Cancel(Admin, job.Id);
        await job.Finished;

        Assert.Equal(ErrorKind.Forbidden, refused.Kind);
        Assert.Equal(ScanState.Cancelled, job.State);
    }
}
