using Dashboard.Contracts.Udp;
using MudBlazor;

namespace Dashboard.Web.Features.Udp;

public static class UdpStateStyle
{
    public static Color ColorOf(UdpState state) => state switch
    {
        UdpState.Replied => Color.Success,
        UdpState.Refused => Color.Error,
        UdpState.NoReply => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>The wire name: <c>replied</c>, <c>no-reply</c>, <c>refused</c>, <c>error</c>.</summary>
    public static string NameOf(UdpState state) => state == UdpState.NoReply ? "no-reply" : state.ToString().ToLowerInvariant();
}
