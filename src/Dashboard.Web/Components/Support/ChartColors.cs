using Dashboard.Contracts.Probe;

namespace Dashboard.Web.Components.Support;

/// <summary>
/// Colours for charts, per theme. SVG fills cannot read the theme's CSS variables, so charts take
/// their colours from here; each reaches 3:1 (WCAG 1.4.11, graphics) against its theme's surface.
/// </summary>
public static class ChartColors
{
    /// <summary>The colour of a port state, matching its chip.</summary>
    public static string Of(ProbeState state, bool dark) => (state, dark) switch
    {
        (ProbeState.Open, false) => "#2e7d32",
        (ProbeState.Open, true) => "#81c784",
        (ProbeState.Closed, false) => "#c62828",
        (ProbeState.Closed, true) => "#ef9a9a",
        (ProbeState.Filtered, false) => "#a84d00",
        (ProbeState.Filtered, true) => "#ffb74d",
        (ProbeState.Unreachable, false) => "#6a1b9a",
        (ProbeState.Unreachable, true) => "#ce93d8",
        (_, false) => "#546e7a",
        (_, true) => "#b0bec5",
    };

    /// <summary>The first series of a chart (the primary colour).</summary>
    public static string Primary(bool dark) => dark ? "#64b5f6" : "#1565c0";

    /// <summary>The second series of a chart.</summary>
    public static string Secondary(bool dark) => dark ? "#ffb74d" : "#a84d00";
}
