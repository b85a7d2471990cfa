using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Udp;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Features.Watches.StatusPages;
using Dashboard.Contracts.Watches;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.E2E.Tests.Sweep;

/// <summary>What the pages of the sweep act on: a listening port, closed ports, a UDP echo peer, all on loopback.</summary>
public sealed class SweepWorld(DashboardHost dashboard) : IDisposable
{
    private static readonly Actor Setup = new("setup", "setup", Role.Admin, IPAddress.Loopback, Door.Ui);

    private readonly LoopbackListener _open = new(IPAddress.Loopback);
    private readonly ClosedPorts _closed = new(IPAddress.Loopback, 6);
    private readonly UdpPeer _echo = new(IPAddress.Loopback, echo: true);

    public int OpenPort => _open.Port;

    /// <summary>Closed ports in nmap syntax.</summary>
    public string ClosedPorts => _closed.Spec;

    public int EchoPort => _echo.Port;

    private ListenerService Listeners => dashboard.Services.GetRequiredService<ListenerService>();

    /// <summary>Opens a TCP listener on loopback owned by the first admin; answers its id.</summary>
    public async Task<string> OpenListenerAsync()
    {
        var admin = Setup with { Name = DashboardHost.AdminName };
        var info = await Listeners.OpenAsync(admin, new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0, null, 600, new ListenerReply(ReplyMode.Echo, null, null)), CancellationToken.None);
        return info.Id;
    }

    /// <summary>Probes the open port as the first admin; answers the stored probe's id.</summary>
    public async Task<string> StoredProbeAsync()
    {
        var probes = dashboard.Services.GetRequiredService<ProbeService>();
        var result = await probes.ProbeAsync(Setup with { Name = DashboardHost.AdminName }, new ProbeRequest("127.0.0.1", OpenPort), CancellationToken.None);
        return result.Id ?? throw new InvalidOperationException("the probe was not stored: is the history on?");
    }

    /// <summary>Sends a datagram to the echo peer as the first admin; answers the stored send's id.</summary>
    public async Task<string> StoredUdpAsync()
    {
        var udp = dashboard.Services.GetRequiredService<UdpService>();
        var result = await udp.SendAsync(Setup with { Name = DashboardHost.AdminName }, new UdpSendRequest("127.0.0.1", EchoPort, "ping"), CancellationToken.None);
        return result.Id ?? throw new InvalidOperationException("the send was not stored: is the history on?");
    }

    public async Task<string> StoredTraceAsync()
    {
        var traces = dashboard.Services.GetRequiredService<Dashboard.Web.Features.Trace.TraceService>();
        var result = await traces.TraceAsync(Setup with { Name = DashboardHost.AdminName },
            new Dashboard.Contracts.Trace.TraceRequest("127.0.0.1", OpenPort), null, CancellationToken.None);
        return result.Id ?? throw new InvalidOperationException("the trace was not stored: is the history on?");
    }

    /// <summary>Two finished scans of the same ports, the open one closed in between; answers their ids.</summary>
    public async Task<(string Before, string After)> TwoScansAsync()
    {
        var scans = dashboard.Services.GetRequiredService<ScanService>();
        var admin = Setup with { Name = DashboardHost.AdminName };
        using var extra = new LoopbackListener(IPAddress.Loopback);
        var request = new ScanRequest("127.0.0.1", $"{ClosedPorts},{extra.Port}", TimeoutMs: 2_000);
        var before = await scans.StartAsync(admin, request, CancellationToken.None);
        await before.Finished;
        extra.Dispose();
        var after = await scans.StartAsync(admin, request, CancellationToken.None);
        await after.Finished;
        return (before.Id, after.Id);
    }

    /// <summary>A TCP watch on the open port in group "sweep" (made once), run once; answers its id.</summary>
    public async Task<string> WatchAsync()
    {
        var reads = dashboard.Services.GetRequiredService<WatchReads>();
        if (await reads.ListAsync(dashboard.Admin, new WatchFilter("sweep"), CancellationToken.None) is [var made, ..])
        {
            return made.Id;
        }

        var watches = dashboard.Services.GetRequiredService<WatchService>();
        var watch = await watches.CreateAsync(dashboard.Admin, new WatchSpec("sweep-open", "sweep", WatchKind.Tcp, Host: "127.0.0.1", Port: OpenPort, IntervalSeconds: 60), CancellationToken.None);
        await watches.RunNowAsync(dashboard.Admin, watch.Id, CancellationToken.None);
        return watch.Id;
    }

    /// <summary>The public address of group "sweep"'s status page, with details hidden.</summary>
    public async Task<string> PublicStatusPathAsync()
    {
        await WatchAsync();
        var page = await dashboard.Services.GetRequiredService<StatusPageService>().UpdateAsync(dashboard.Admin, "sweep", new StatusPageSettings(IsPublic: true), CancellationToken.None);
        return page.PublicPath!.TrimStart('/');
    }

    /// <summary>Connects to the listener, sends a line, and hangs up.</summary>
    public async Task SendToListenerAsync(string id)
    {
        var info = Listeners.Get(Setup, id);
        using var client = new TcpClient();
        await client.ConnectAsync(IPEndPoint.Parse(info.LocalEndPoint), CancellationToken.None);
        await client.GetStream().WriteAsync("Hello World!\n"u8.ToArray(), CancellationToken.None);
    }

    /// <summary>A webhook channel to a closed loopback port with one failed test, made once per host: the Notifications page's row, counters and last error.</summary>
    public async Task NotificationChannelAsync()
    {
        var notifications = dashboard.Services.GetRequiredService<Dashboard.Web.Features.Notifications.NotificationService>();
        var overview = await notifications.OverviewAsync(dashboard.Admin, CancellationToken.None);
        if (overview.Channels.Count > 0)
        {
            return;
        }

        var created = await notifications.CreateChannelAsync(dashboard.Admin, new Dashboard.Web.Features.Notifications.ChannelRequest("team-hook", "webhook", ["prod"],
            Webhook: new Dashboard.Web.Features.Notifications.WebhookSettings($"http://127.0.0.1:{_closed.Ports[0]}/hooks/dashboard")), CancellationToken.None);
        await notifications.TestChannelAsync(dashboard.Admin, created.Channel.Id, CancellationToken.None);
    }

    public void Dispose()
    {
        _open.Dispose();
        _closed.Dispose();
        _echo.Dispose();
    }
}
