using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Web.Components.Layout;

public partial class MainLayout
{
    private MudThemeProvider? _themeProvider;
    private bool _isDarkMode;
    private bool _drawerOpen = true;

    /// <summary>The theme from the browser's cookie; null when it never chose one.</summary>
    [CascadingParameter(Name = ThemeCookie.CascadeName)]
    public bool? InitialDarkMode { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    protected override void OnInitialized() => _isDarkMode = InitialDarkMode ?? false;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && InitialDarkMode is null && _themeProvider is not null)
        {
            _isDarkMode = await _themeProvider.GetSystemDarkModeAsync();
            StateHasChanged();
        }
    }

    private async Task ToggleThemeAsync()
    {
        _isDarkMode = !_isDarkMode;
        await JS.InvokeVoidAsync("dashboardTheme.remember", _isDarkMode ? "dark" : "light");
    }
}
