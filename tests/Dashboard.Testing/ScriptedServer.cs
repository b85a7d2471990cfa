using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Dashboard.Tests.Support;

/// <summary>
/// A server that a script of <c>tests/</c> starts and stops in a folder of its own, on a free loopback port:
/// <c>SCRIPT start DIR PORT PID</c> prints how to reach it, <c>SCRIPT stop DIR</c> stops it and removes the folder.
/// The script's guard (<c>tests/outlive-guard.sh</c>) also stops it when this process is gone, even after a kill -9.
/// </summary>
public sealed class ScriptedServer(string script)
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"sd-{Path.GetFileNameWithoutExtension(script)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");

    /// <summary>Starts the server; what the script printed (a connection string, an address).</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        var (code, output, error) = await Repository.RunScriptAsync(script,
            ["start", _dir, port.ToString(CultureInfo.InvariantCulture), Environment.ProcessId.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        return code == 0 ? output.Trim() : throw new InvalidOperationException($"tests/{script} start failed ({code}): {error.Trim()}");
    }

    /// <summary>Stops the server and removes its folder.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Repository.RunScriptAsync(script, ["stop", _dir], cancellationToken);
}
