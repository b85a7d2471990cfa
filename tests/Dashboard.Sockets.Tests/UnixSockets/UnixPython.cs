using System.Text.Json;
using Dashboard.Sockets.Tests.Support;

namespace Dashboard.Sockets.Tests.UnixSockets;

/// <summary>Python's <c>socket.AF_UNIX</c> <c>connect_ex</c>: the errno each path gives, the reference the engine is held to.</summary>
public static class UnixPython
{
    public static Task<Dictionary<string, int>> ConnectExAsync(IEnumerable<(string Path, bool Stream)> paths, CancellationToken cancellationToken)
    {
        var cases = JsonSerializer.Serialize(paths.Select(p => new object[] { p.Path, p.Stream }));
        return Python.JsonAsync<Dictionary<string, int>>(
            "import json, socket\n" +
            $"cases = json.loads({JsonSerializer.Serialize(cases)})\n" +
            "out = {}\n" +
            "for path, stream in cases:\n" +
            "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM if stream else socket.SOCK_DGRAM)\n" +
            "    out[path] = s.connect_ex(path)\n" +
            "    s.close()\n" +
            "print(json.dumps(out))\n", cancellationToken);
    }
}
