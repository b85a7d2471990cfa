using MudBlazor;

namespace Dashboard.Web.Components.Layout;

/// <summary>The dashboard's colours, light and dark.</summary>
internal static class DashboardTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#6a1b9a",
            AppbarBackground = "#0d47a1",
            Background = "#f5f7fa",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64b5f6",
            Secondary = "#ce93d8",
            AppbarBackground = "#111827",
            Background = "#0b1020",
            Surface = "#151b2e",
            DrawerBackground = "#111827",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
