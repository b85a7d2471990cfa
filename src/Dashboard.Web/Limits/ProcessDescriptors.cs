namespace Dashboard.Web.Limits;

/// <summary>What there is to split, measured once as the app starts.</summary>
/// <param name="OpenFileLimit">The soft <c>RLIMIT_NOFILE</c> (after <see cref="LimitsOptions.RaiseOpenFileLimit"/>).</param>
/// <param name="OpenAtStart">
/// Descriptors already open: .NET keeps two for every assembly it loads, so the dashboard holds about 270 when
/// the split is made and about 360 once idle, a third of a 1,024 limit before it has a single connection.
/// </param>
/// <param name="RaisedFrom">The soft limit before it was raised, or null when it was not.</param>
public sealed record ProcessDescriptors(long OpenFileLimit, int OpenAtStart, long? RaisedFrom = null)
{
    /// <summary>Where open descriptors cannot be counted (no <c>/proc</c>), a number above what the dashboard opens.</summary>
    public const int AssumedOpen = 512;

    /// <summary>Raises the soft limit to the hard one when <paramref name="raise"/> is set, then reads both numbers.</summary>
    public static ProcessDescriptors Measure(bool raise)
    {
        var (before, after) = raise ? Sockets.Budget.OpenFileLimit.RaiseToHard() : (Sockets.Budget.OpenFileLimit.Read(), Sockets.Budget.OpenFileLimit.Read());
        return new ProcessDescriptors(after, CountOpen(), after > before ? before : null);
    }

    private static int CountOpen() =>
        Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : AssumedOpen;
}
