using MudBlazor;

namespace Dashboard.Web.Components.Layout;

/// <summary>
/// The dashboard's colours, light and dark. Every colour that carries text (filled chips and buttons,
/// outlined buttons, links, secondary text) is chosen to reach WCAG AA, 4.5:1, against the surface and
/// background it sits on; docs/ui.md lists the pairs. Light: deep colours under white text. Dark: pale
/// colours under near-black text (white on a pale blue was 2.2:1).
/// </summary>
internal static class DashboardTheme
{
    private const string DarkInk = "#0b1020";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#6a1b9a",
            Tertiary = "#00695c",
            Info = "#01579b",
            Success = "#2e7d32",
            Warning = "#a84d00",
            Error = "#c62828",
            Dark = "#37474f",
            AppbarBackground = "#0d47a1",
            Background = "#f5f7fa",
            TextSecondary = "#545e6c",
            ActionDefault = "#545e6c",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64b5f6",
            PrimaryContrastText = DarkInk,
            Secondary = "#ce93d8",
            SecondaryContrastText = DarkInk,
            Tertiary = "#80cbc4",
            TertiaryContrastText = DarkInk,
            Info = "#81d4fa",
            InfoContrastText = DarkInk,
            Success = "#81c784",
            SuccessContrastText = DarkInk,
            Warning = "#ffb74d",
            WarningContrastText = DarkInk,
            Error = "#ef9a9a",
            ErrorContrastText = DarkInk,
            AppbarBackground = "#111827",
            Background = "#0b1020",
            Surface = "#151b2e",
            DrawerBackground = "#111827",
            TextPrimary = "#e8ebf2",
            TextSecondary = "#b8c1d1",
            ActionDefault = "#b8c1d1",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
