using System.Runtime.InteropServices;

namespace Dashboard.Sockets.Budget;

/// <summary>This process's open-file limit (<c>RLIMIT_NOFILE</c>): every socket, file and pipe takes one descriptor of it.</summary>
public static partial class OpenFileLimit
{
    /// <summary>Where the limit cannot be read (not Linux), a value as generous as a typical server's.</summary>
    public const long Assumed = 16_384;

    /// <summary>
    /// The soft limit: what <c>accept()</c>, <c>socket()</c> and <c>open()</c> fail against with <c>EMFILE</c>.
    /// An unlimited one is reported as <see cref="int.MaxValue"/>; one that cannot be read as 1,024, the usual default.
    /// </summary>
    public static long Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Assumed;
        }

        return getrlimit(RLIMIT_NOFILE, out var limit) == 0 && limit.Current > 0 ? Clamp(limit.Current) : 1_024;
    }

    /// <summary>
    /// Raises the soft limit to the hard one, as systemd advises services that need many descriptors to do
    /// (its default soft limit, 1,024, exists for programs that use <c>select()</c>; .NET uses epoll).
    /// Returns the soft limit before and after; both the same where it was already there or cannot be changed.
    /// </summary>
    public static (long Before, long After) RaiseToHard()
    {
        var before = Read();
        if (!OperatingSystem.IsLinux() || getrlimit(RLIMIT_NOFILE, out var limit) != 0 || limit.Current >= limit.Maximum)
        {
            return (before, before);
        }

        var raised = limit with { Current = limit.Maximum };
        return setrlimit(RLIMIT_NOFILE, in raised) == 0 ? (before, Read()) : (before, before);
    }

    /// <summary>The soft and hard limit as the kernel has them (Linux only).</summary>
    internal static (ulong Current, ulong Maximum) ReadRaw() =>
        getrlimit(RLIMIT_NOFILE, out var limit) == 0 ? (limit.Current, limit.Maximum) : throw new InvalidOperationException("getrlimit failed");

    /// <summary>Sets both limits (Linux only): the tests lower the soft one to run the engine out of descriptors.</summary>
    internal static void SetRaw(ulong current, ulong maximum)
    {
        var limit = new Limit { Current = current, Maximum = maximum };
        if (setrlimit(RLIMIT_NOFILE, in limit) != 0)
        {
            throw new InvalidOperationException($"setrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static long Clamp(ulong value) => (long)Math.Min(value, int.MaxValue);

    private const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Limit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out Limit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, in Limit limit);
}
