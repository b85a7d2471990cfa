namespace Dashboard.Tests.Support;

/// <summary>The dashboard as built beside these tests, to run as a process of its own.</summary>
public static class WebBuild
{
    /// <summary><c>src/Dashboard.Web/bin/&lt;this build's configuration&gt;/&lt;framework&gt;/Dashboard.Web.dll</c>.</summary>
    public static string Dll() => Repository.BuiltDll("Dashboard.Web");
}
