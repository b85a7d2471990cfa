namespace Dashboard.Web.Components.Support;

/// <summary>
/// The theme a browser chose, kept in a cookie so the server renders the first paint in it
/// (no flash of the wrong theme). Written by wwwroot/js/theme.js.
/// </summary>
public static class ThemeCookie
{
    public const string Name = "sd-theme";
    public const string CascadeName = "InitialDarkMode";

    /// <summary>True for dark, false for light, null when the browser has not chosen (follow the system).</summary>
    public static bool? IsDark(HttpContext? context) =>
        context?.Request.Cookies[Name] switch
        {
            "dark" => true,
            "light" => false,
            _ => null,
        };
}
