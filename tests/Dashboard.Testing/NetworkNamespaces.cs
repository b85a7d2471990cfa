using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Dashboard.Tests.Support;

/// <summary>Running code inside a named network namespace (<c>ip netns add</c>) that a test made.</summary>
public static partial class NetworkNamespaces
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>True when this process runs as root (it may make namespaces).</summary>
    public static bool IsRoot => geteuid() == 0;

    /// <summary>Fails, saying why and what to do, unless this process may make namespaces.</summary>
    public static void RequireRoot()
    {
        if (!IsRoot)
        {
            throw new InvalidOperationException("these tests build network namespaces and need root (CI runs as root): run dotnet test as root");
        }
    }

    /// <summary>Moves the calling thread into namespace <paramref name="ns"/> (for a thread that stays there).</summary>
    internal static void Enter(string ns)
    {
        using var handle = File.OpenHandle($"/var/run/netns/{ns}");
        if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a thread of its own that entered namespace <paramref name="ns"/>: the sockets
    /// it makes belong to the namespace (a socket keeps the namespace it was made in) and may be used from anywhere.
    /// </summary>
    public static T Inside<T>(string ns, Func<T> action)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(ns);
                result = action();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        return error is null ? result : throw new InvalidOperationException($"running inside {ns} failed", error);
    }

    /// <summary>Runs a command (<c>ip</c>, <c>iptables</c>) to its end: its output, or an exception with its error output.</summary>
    public static string Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {error.Trim()}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
