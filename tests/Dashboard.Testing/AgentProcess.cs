using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dashboard.Tests.Support;

/// <summary>A real <c>Dashboard.Agent</c> process: inside a network namespace (started with <c>ip netns exec</c>), or beside the test when none is given.</summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public AgentProcess(string? ns, Uri server, string token, string name, params string[] extra)
        : this(ns, server, name, new Dictionary<string, string>(), ["--token", token, .. extra])
    {
    }

    /// <summary>An agent given <paramref name="environment"/>, and its token however <paramref name="extra"/> or the environment says.</summary>
    public AgentProcess(string? ns, Uri server, string name, IReadOnlyDictionary<string, string> environment, params string[] extra)
        : this(AgentDll, ns, server, name, environment, extra)
    {
    }

    /// <summary>The agent build <paramref name="dll"/> (another version, for a benchmark), given <paramref name="environment"/>.</summary>
    public AgentProcess(string dll, string? ns, Uri server, string name, IReadOnlyDictionary<string, string> environment, params string[] extra)
        : this(dll, ns, user: null, server, name, environment, extra)
    {
    }

    /// <summary>An agent run as the user and group id <paramref name="user"/> (<c>setpriv</c>), not as root: where permissions must decide.</summary>
    public static AgentProcess As(string user, string? ns, Uri server, string token, string name, params string[] extra) =>
        new(AgentDll, ns, user, server, name, new Dictionary<string, string> { ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp" }, ["--token", token, .. extra]);

    private AgentProcess(string dll, string? ns, string? user, Uri server, string name, IReadOnlyDictionary<string, string> environment, string[] extra)
    {
        string[] asUser = user is null ? ["dotnet"] : ["setpriv", $"--reuid={user}", $"--regid={user}", "--clear-groups", "--", "dotnet"];
        var start = new ProcessStartInfo(ns is null ? asUser[0] : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] inNamespace = ns is null ? asUser[1..] : ["netns", "exec", ns, .. asUser];
        foreach (var argument in (string[])[.. inNamespace, dll, "--server", server.ToString().TrimEnd('/'), "--name", name, .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("the agent did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>What it printed so far, for assertion messages.</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    /// <summary>The process started: the agent itself (<c>ip netns exec</c> execs it).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Its exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until it exits on its own (a bad start) and its output is read to the end; false when it still runs after <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        // Only the wait without a timeout waits for the redirected streams to reach their end.
        _process.WaitForExit();
        return true;
    }

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

    /// <summary>The agent built beside this test (same configuration), from the repository's <c>src/Dashboard.Agent</c>.</summary>
    public static string AgentDll { get; } = Repository.BuiltDll("Dashboard.Agent");
}
