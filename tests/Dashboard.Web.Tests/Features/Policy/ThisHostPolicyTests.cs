using System.Net;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Policy;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Features.Policy;

/// <summary>
/// The strict preset and this host's own addresses: a service bound to 0.0.0.0 answers on every interface address,
/// so the address of an interface (here a veth the test adds toward a namespace of its own) is refused like loopback.
/// </summary>
public sealed class ThisHostPolicyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StrictPreset_RefusesThisHostsOwnInterfaceAddresses_WhereServicesOn0000Answer_TcpAndUdp()
    {
        using var link = new OwnLink();
        await using var host = DashboardHost.With(new() { ["Policy:Preset"] = "strict" });
        using var tcp = new LoopbackListener(IPAddress.Any);
        using var udp = new UdpPeer(IPAddress.Any, echo: true);
        await using var hub = await host.ConnectHubAsync(Token);
        var own = link.HostSide.ToString();

        var probe = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest(own, tcp.Port), Token);
        var mapped = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("::ffff:" + own, tcp.Port), Token);
        var sent = await hub.InvokeAsync<UdpSendResult>(ProbeHubRoutes.SendUdp, new UdpSendRequest(own, udp.Port, "hello", WaitReplyMs: 200), Token);
        var neighbour = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest(link.NamespaceSide.ToString(), tcp.Port), Token);
        // An address added while the dashboard runs is one of this host's too, once the interfaces are read again.
        var added = link.AddHostAddress();
        await Task.Delay(HostAddresses.MaxAge + TimeSpan.FromMilliseconds(500), Token);
        var later = await hub.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest(added.ToString(), tcp.Port), Token);

        Assert.Equal((ProbeState.Error, $"{own} is denied by policy rule 'this-host'; nothing was sent"), (probe.State, probe.Message));
        Assert.Equal((ProbeState.Error, $"{own} is denied by policy rule 'this-host'; nothing was sent"), (mapped.State, mapped.Message));
        Assert.Equal((UdpState.Error, 0), (sent.State, sent.Sent));
        Assert.Empty(udp.Received);
        Assert.Equal(ProbeState.Closed, neighbour.State);
        Assert.Equal((ProbeState.Error, $"{added} is denied by policy rule 'this-host'; nothing was sent"), (later.State, later.Message));
    }
}
