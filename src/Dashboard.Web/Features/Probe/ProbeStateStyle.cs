using Dashboard.Contracts.Probe;
using MudBlazor;

namespace Dashboard.Web.Features.Probe;

/// <summary>How each probe state looks: one place, so the card, the history and later the scan grid agree.</summary>
public static class ProbeStateStyle
{
    public static Color ColorOf(ProbeState state) => state switch
    {
        ProbeState.Open => Color.Success,
        ProbeState.Closed => Color.Error,
        ProbeState.Filtered => Color.Warning,
        ProbeState.Unreachable => Color.Secondary,
        _ => Color.Default,
    };

    public static string IconOf(ProbeState state) => state switch
    {
        ProbeState.Open => Icons.Material.Filled.CheckCircle,
        ProbeState.Closed => Icons.Material.Filled.Block,
        ProbeState.Filtered => Icons.Material.Filled.HourglassDisabled,
        ProbeState.Unreachable => Icons.Material.Filled.WifiOff,
        _ => Icons.Material.Filled.ErrorOutline,
    };

    /// <summary>The wire name, as users and scripts see it.</summary>
    public static string NameOf(ProbeState state) => state.ToString().ToLowerInvariant();

    /// <summary><c>111 ECONNREFUSED</c>, <c>0 OK</c>: the code as <c>connect_ex</c> returned it, and its name.</summary>
    public static string CodeOf(ProbeResult result) => $"{result.Code} {result.CodeName}";
}
