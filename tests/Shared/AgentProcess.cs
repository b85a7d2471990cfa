using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dashboard.Tests.Support;

/// <summary>A real <c>Dashboard.Agent</c> process: inside a network namespace (started with <c>ip netns exec</c>), or beside the test when none is given.</summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public AgentProcess(string? ns, Uri server, string token, string name, params string[] extra)
    {
        var start = new ProcessStartInfo(ns is null ? "dotnet" : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] inNamespace = ns is null ? [] : ["netns", "exec", ns, "dotnet"];
        foreach (var argument in (string[])[.. inNamespace, AgentDll, "--server", server.ToString().TrimEnd('/'), "--token", token, "--name", name, .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        _process = Process.Start(start) ?? throw new InvalidOperationException("the agent did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>What it printed so far, for assertion messages.</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    /// <summary>kill -9: no goodbye to the dashboard.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null && _output.Count < 2_000)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>
    /// The agent built beside this test (same configuration), from the repository's <c>src/Dashboard.Agent</c>; or the build
    /// that <c>SD_AGENT_DLL</c> names (a benchmark comparing an older agent).
    /// </summary>
    public static string AgentDll { get; } = Environment.GetEnvironmentVariable("SD_AGENT_DLL") is { Length: > 0 } other ? other : FindAgent();

    private static string FindAgent()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = dir.Parent?.Name is { } tfmParent && dir.Name.StartsWith("net", StringComparison.Ordinal) ? tfmParent : "Debug";
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? ".", "src", "Dashboard.Agent", "bin", configuration, "net10.0", "Dashboard.Agent.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the agent first: {path} is missing");
    }
}
