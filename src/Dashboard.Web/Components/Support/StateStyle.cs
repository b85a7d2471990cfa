using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using MudBlazor;

namespace Dashboard.Web.Components.Support;

/// <summary>How every state looks, in one place: good is green, refused is red, silent is amber, the rest plain.</summary>
public static class StateStyle
{
    public static Color ColorOf(ProbeState state) => state switch
    {
        ProbeState.Open => Color.Success,
        ProbeState.Closed => Color.Error,
        ProbeState.Filtered => Color.Warning,
        ProbeState.Unreachable => Color.Secondary,
        _ => Color.Default,
    };

    public static Color ColorOf(UdpState state) => state switch
    {
        UdpState.Replied => Color.Success,
        UdpState.Refused => Color.Error,
        UdpState.NoReply => Color.Warning,
        _ => Color.Default,
    };

    public static Color ColorOf(ListenerState state) => state switch
    {
        ListenerState.Listening => Color.Success,
        ListenerState.Interrupted => Color.Warning,
        _ => Color.Default,
    };

    public static Color ColorOf(ScanOutcome? outcome) => outcome switch
    {
        ScanOutcome.Cancelled or ScanOutcome.Failed or ScanOutcome.Interrupted => Color.Warning,
        _ => Color.Primary,
    };

    public static string IconOf(ProbeState state) => state switch
    {
        ProbeState.Open => Icons.Material.Filled.CheckCircle,
        ProbeState.Closed => Icons.Material.Filled.Block,
        ProbeState.Filtered => Icons.Material.Filled.HourglassDisabled,
        ProbeState.Unreachable => Icons.Material.Filled.WifiOff,
        _ => Icons.Material.Filled.ErrorOutline,
    };

    /// <summary><c>111 ECONNREFUSED</c>, <c>0 OK</c>: a code as <c>connect_ex</c> returned it, and its name.</summary>
    public static string CodeOf(int code, string codeName) => $"{code} {codeName}";
}
