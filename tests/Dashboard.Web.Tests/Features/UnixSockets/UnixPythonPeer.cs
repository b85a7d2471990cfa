using System.Diagnostics;

namespace Dashboard.Web.Tests.Features.UnixSockets;

/// <summary>Python on the other end of a Unix socket: a datagram peer that answers <c>echo:</c> + what it got; killed on dispose.</summary>
public sealed class UnixPythonPeer : IDisposable
{
    private readonly Process _process;

    private UnixPythonPeer(Process process) => _process = process;

    public static UnixPythonPeer DatagramEcho(string path)
    {
        var process = Process.Start(new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList =
            {
                "-c",
                "import socket, sys, os\n" +
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n" +
                "s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777)\n" +
                "print('ready', flush=True)\n" +
                "while True:\n" +
                "    data, peer = s.recvfrom(65536)\n" +
                "    s.sendto(b'echo:' + data, peer)\n",
                path,
            },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var ready = process.StandardOutput.ReadLine();
        return ready == "ready" ? new UnixPythonPeer(process) : throw new InvalidOperationException($"the Python peer did not start: '{ready}'");
    }

    /// <summary>Python's <c>connect_ex</c> on each path, run as the user id <paramref name="user"/> (<c>setpriv</c>): the errno, or the refusal to run.</summary>
    public static async Task<Dictionary<string, int>> ConnectExAsAsync(string user, IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[$"--reuid={user}", $"--regid={user}", "--clear-groups", "--", "/usr/bin/python3", "-c",
                     "import json, socket, sys\nout = {}\nfor p in sys.argv[1:]:\n    s = socket.socket(socket.AF_UNIX)\n    out[p] = s.connect_ex(p)\n    s.close()\nprint(json.dumps(out))\n", .. paths])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync(cancellationToken));
        return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(output)!;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
