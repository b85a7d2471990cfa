using Dashboard.Contracts.Udp;
using Dashboard.Web.Components.Support;

namespace Dashboard.Web.Features.Udp;

/// <summary>This browser session's recent UDP sends (one per circuit), newest first.</summary>
public sealed class UdpHistory() : RecentHistory<UdpHistory.Entry>(30)
{
    public sealed record Entry(UdpSendRequest Request, UdpSendResult Result);

    public void Add(UdpSendRequest request, UdpSendResult result) => Add(new Entry(request, result));
}
