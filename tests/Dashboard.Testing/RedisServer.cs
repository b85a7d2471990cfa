using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace Dashboard.Tests.Support;

/// <summary>
/// A real redis-server for the scale-out tests, started by <c>tests/redis.sh</c> (Debian's package, a loopback port,
/// nothing saved) and stopped at the end. Missing Redis fails the tests that need it, with how to install it; it never skips them.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sd-redis-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
    private string? _address;

    /// <summary><c>127.0.0.1:PORT</c>, as <c>ScaleOut:Redis</c> takes it.</summary>
    public string Address => _address ?? throw new InvalidOperationException("redis-server did not start");

    public async ValueTask InitializeAsync()
    {
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        // The test process's id: the script's guard stops the server when this process is gone, even after a kill -9.
        var (code, output, error) = await RunAsync("start", _dir, port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (code != 0)
        {
            throw new InvalidOperationException($"tests/redis.sh start failed ({code}): {error.Trim()}");
        }

        _address = output.Trim();
    }

    public async ValueTask DisposeAsync() => await RunAsync("stop", _dir);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "redis.sh");
        var start = new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Dashboard.sln) was not found above the test binaries");
    }
}
