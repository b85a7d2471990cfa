namespace Dashboard.Web.Components.Support;

/// <summary>The cascading value that tells components the theme in use (charts pick their colours by it).</summary>
public static class DarkModeCascade
{
    public const string Name = "DarkMode";
}
