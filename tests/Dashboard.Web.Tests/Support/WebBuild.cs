namespace Dashboard.Web.Tests.Support;

/// <summary>The dashboard as built beside these tests, to run as a process of its own.</summary>
internal static class WebBuild
{
    /// <summary><c>src/Dashboard.Web/bin/&lt;this build's configuration&gt;/&lt;framework&gt;/Dashboard.Web.dll</c>.</summary>
    public static string Dll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dashboard.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"no Dashboard.sln above {output.FullName}");
        }

        return Path.Combine(root.FullName, "src", "Dashboard.Web", "bin", output.Parent!.Name, output.Name, "Dashboard.Web.dll");
    }
}
