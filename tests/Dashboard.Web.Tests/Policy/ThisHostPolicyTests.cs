using System.Net;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Policy;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Policy;

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

    /// <summary>A namespace of the test's own joined by a veth whose end here has an address of the benchmarking range (198.18.0.0/15).</summary>
    private sealed class OwnLink : IDisposable
    {
        private readonly string _namespace;
        private readonly string _veth;
        private readonly string _prefix;

        public OwnLink()
        {
            Assert.True(NetworkNamespaces.IsRoot, "this test adds a veth and a network namespace: run it as root (CI does)");
            var id = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..5];
            var used = NetworkNamespaces.Run("ip", "-4 addr show") + NetworkNamespaces.Run("ip", "-4 route show");
            var free = Enumerable.Range(0, 256).Where(n => !used.Contains($"198.19.{n}.", StringComparison.Ordinal)).OrderBy(_ => Random.Shared.Next()).First();
            (_namespace, _veth, _prefix) = ($"sdth-{id}", $"sdth{id}", $"198.19.{free}");
            NetworkNamespaces.Run("ip", $"netns add {_namespace}");
            try
            {
                NetworkNamespaces.Run("ip", $"link add {_veth} type veth peer name eth0 netns {_namespace}");
                NetworkNamespaces.Run("ip", $"addr add {_prefix}.1/24 dev {_veth}");
                NetworkNamespaces.Run("ip", $"link set {_veth} up");
                NetworkNamespaces.Run("ip", $"-n {_namespace} addr add {_prefix}.2/24 dev eth0");
                NetworkNamespaces.Run("ip", $"-n {_namespace} link set eth0 up");
                NetworkNamespaces.Run("ip", $"-n {_namespace} link set lo up");
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public IPAddress HostSide => IPAddress.Parse(_prefix + ".1");

        public IPAddress NamespaceSide => IPAddress.Parse(_prefix + ".2");

        public IPAddress AddHostAddress()
        {
            NetworkNamespaces.Run("ip", $"addr add {_prefix}.3/32 dev {_veth}");
            return IPAddress.Parse(_prefix + ".3");
        }

        // Deleting the namespace deletes the veth pair, its end here and that end's addresses with it.
        public void Dispose() => NetworkNamespaces.Run("ip", $"netns del {_namespace}");
    }
}
