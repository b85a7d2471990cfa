using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// A test server never outlives the run that started it: killed with SIGKILL, the starting process leaves a
/// redis-server and a PostgreSQL behind for a second at most; the scripts' guard stops them.
/// </summary>
public sealed class TestServerGuardTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("redis.sh")]
    [InlineData("postgres.sh")]
    public async Task AServerStartedForAProcess_StopsWhenThatProcessIsKilled(string script)
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "600"))!;
        var dir = Path.Combine(Path.GetTempPath(), "sd-guard-" + Guid.NewGuid().ToString("N")[..8]);
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        try
        {
            var started = await RunAsync(script, "start", dir, port.ToString(CultureInfo.InvariantCulture), owner.Id.ToString(CultureInfo.InvariantCulture));
            Assert.True(started == 0, $"{script} start failed ({started})");
            Assert.True(await AcceptsAsync(port), "the server did not start");

            owner.Kill();
            // Reaped, as the test host's parent would: a zombie still answers kill -0.
            await owner.WaitForExitAsync(Token);
            var stopped = Stopwatch.StartNew();
            while ((await AcceptsAsync(port) || Directory.Exists(dir)) && stopped.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200, Token);
            }

            Assert.False(await AcceptsAsync(port), $"{script}'s server still accepts connections a minute after its owner was killed");
            Assert.False(Directory.Exists(dir), "the server's folder was left behind");
        }
        finally
        {
            await RunAsync(script, "stop", dir);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<int> RunAsync(string script, params string[] arguments) =>
        (await Repository.RunScriptAsync(script, arguments, Token)).Code;
}
