using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>
/// A directory of its own under /tmp with <c>allowed/</c> (the one directory the tests allow) and <c>outside/</c>, and
/// sockets in them: a stream listener, a datagram socket, a socket file whose listener closed, a regular file.
/// </summary>
public sealed class UnixSocketLab : IDisposable
{
    private readonly List<Socket> _sockets = [];

    public UnixSocketLab()
    {
        Root = Directory.CreateDirectory(Path.Combine("/tmp", "uxlab-" + Guid.NewGuid().ToString("N")[..10])).FullName;
        Allowed = Directory.CreateDirectory(Path.Combine(Root, "allowed")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(Root, "outside")).FullName;
        // Others may search the lab (the agent and Python may run as nobody).
        foreach (var directory in (string[])[Root, Allowed, Outside])
        {
            Chmod(directory, (UnixFileMode)0b111_101_101);
        }
    }

    public string Root { get; }

    public string Allowed { get; }

    public string Outside { get; }

    /// <summary>A stream socket listening at <paramref name="path"/>, writable by everyone.</summary>
    public Socket Listen(string path, int backlog = 16)
    {
        var socket = Bound(path, SocketType.Stream);
        socket.Listen(backlog);
        return socket;
    }

    /// <summary>A datagram socket bound at <paramref name="path"/>, writable by everyone.</summary>
    public Socket BindDatagram(string path) => Bound(path, SocketType.Dgram);

    /// <summary>A socket file nobody listens on: bound, listened, closed (the file stays).</summary>
    public static string Dead(string path)
    {
        // By Python: .NET removes the file of a socket it bound when it is disposed.
        using var python = System.Diagnostics.Process.Start("python3",
            ["-c", "import socket, sys, os\ns = socket.socket(socket.AF_UNIX)\ns.bind(sys.argv[1])\ns.listen(1)\nos.chmod(sys.argv[1], 0o777)\ns.close()", path]);
        python.WaitForExit();
        return File.Exists(path) ? path : throw new InvalidOperationException($"python3 left no socket file at {path}");
    }

    private Socket Bound(string path, SocketType type)
    {
        var socket = new Socket(AddressFamily.Unix, type, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        Chmod(path, (UnixFileMode)0b111_111_111);
        _sockets.Add(socket);
        return socket;
    }

    /// <summary>chmod: this lab runs on Linux only.</summary>
    public static void Chmod(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        foreach (var directory in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories))
        {
            if (!File.GetAttributes(directory).HasFlag(FileAttributes.ReparsePoint))
            {
                Chmod(directory, (UnixFileMode)0b111_000_000);
            }
        }

        Directory.Delete(Root, recursive: true);
    }
}
