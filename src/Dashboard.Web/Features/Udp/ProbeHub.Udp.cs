using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Udp;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>Sends UDP datagrams and reports the replies, or the ICMP refusal; bad input is a <c>HubException</c>.</summary>
    public Task<UdpSendResult> SendUdp(UdpSendRequest request, UdpSender sender) =>
        sender.SendAsync(request, Context.ConnectionAborted);
}
