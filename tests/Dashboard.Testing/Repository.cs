using System.Diagnostics;

namespace Dashboard.Tests.Support;

/// <summary>The repository the tests run from: its root, what was built beside the tests, and the scripts of <c>tests/</c>.</summary>
public static class Repository
{
    /// <summary>The folder holding <c>Dashboard.sln</c>, found above the running binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// <c>src/PROJECT/bin/CONFIGURATION/FRAMEWORK/PROJECT.dll</c>, built in the configuration and for the framework
    /// of the running binaries (a Release benchmark runs the Release dashboard).
    /// </summary>
    public static string BuiltDll(string project)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Root, "src", project, "bin", output.Parent!.Name, output.Name, project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first: {path} is missing", path);
    }

    /// <summary>Runs <c>tests/SCRIPT</c> with bash to its end: its exit code, standard output and standard error.</summary>
    public static async Task<(int Code, string Output, string Error)> RunScriptAsync(string script, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Root, "tests", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"tests/{script} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"the repository root (Dashboard.sln) was not found above {AppContext.BaseDirectory}");
    }
}
