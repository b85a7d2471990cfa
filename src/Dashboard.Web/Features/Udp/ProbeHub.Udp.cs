using System.Text.Json;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Features.Udp;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>Sends UDP datagrams (<c>UdpSendRequest</c>) and reports the replies, or the ICMP refusal; bad input is a <c>HubException</c>.</summary>
    public Task<UdpSendResult> SendUdp(JsonElement request, UdpService udp) =>
        udp.SendAsync(Actor, WireJson.Bind<UdpSendRequest>(request), Context.ConnectionAborted);
}
