using System.Globalization;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Components.Support;
using MudBlazor;

namespace Dashboard.Web.Features.Watches.Pages;

/// <summary>How the watches' pages show a state, a share and a time: up green, down red, unknown grey, paused plain.</summary>
public static class WatchWords
{
    public static Color ColorOf(WatchStatus status) => status switch
    {
        WatchStatus.Up => Color.Success,
        WatchStatus.Down => Color.Error,
        WatchStatus.Paused => Color.Info,
        _ => Color.Default,
    };

    public static string IconOf(WatchStatus status) => status switch
    {
        WatchStatus.Up => Icons.Material.Filled.CheckCircle,
        WatchStatus.Down => Icons.Material.Filled.Cancel,
        WatchStatus.Paused => Icons.Material.Filled.PauseCircle,
        _ => Icons.Material.Filled.HelpOutline,
    };

    public static string Of(WatchStatus status) => WireName.Of(status);

    /// <summary>"99.5 %", or "no runs".</summary>
    public static string Share(double? share) => share is { } value ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "no runs";

    /// <summary>"2026-12-06 14:03:12", local time of the server's culture-free format; "never" for none.</summary>
    public static string When(DateTimeOffset? at) => at is { } value ? value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "never";

    /// <summary>"3 h 12 min", "45 s".</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds < 60 ? $"{Math.Max(0, (int)span.TotalSeconds)} s"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
        : span.TotalDays < 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : $"{(int)span.TotalDays} d {span.Hours} h";

    public static string Rtt(double? ms) => ms is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "";

    /// <summary>The latest change of state over the vantage points.</summary>
    public static DateTimeOffset? LastChange(WatchView view) => view.States.Max(s => s.Since);
}
