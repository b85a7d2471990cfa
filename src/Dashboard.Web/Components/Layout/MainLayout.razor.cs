using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Web.Components.Layout;

public partial class MainLayout
{
    private MudThemeProvider? _themeProvider;
    private bool _isDarkMode;
    private bool _drawerOpen = true;
    private bool _userChose;

    /// <summary>The theme from the browser's cookie; null when it never chose one.</summary>
    [CascadingParameter(Name = ThemeCookie.CascadeName)]
    public bool? InitialDarkMode { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    // Not read: taking it makes the layout re-render when the user signs in or out (or is signed out by an Admin).
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private bool SignedIn => Actor.Name is not null;

    private string SkipTarget => Navigation.Uri.Split('#')[0] + "#main-content";

    protected override void OnInitialized() => _isDarkMode = InitialDarkMode ?? false;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && InitialDarkMode is null && _themeProvider is not null)
        {
            var systemDark = await _themeProvider.GetSystemDarkModeAsync();
            // A click on the toggle while the browser was being asked wins over the system's preference.
            if (!_userChose)
            {
                _isDarkMode = systemDark;
                StateHasChanged();
            }
        }
    }

    private async Task ToggleThemeAsync()
    {
        _userChose = true;
        _isDarkMode = !_isDarkMode;
        await JS.InvokeVoidAsync("dashboardTheme.remember", _isDarkMode ? "dark" : "light");
    }
}
