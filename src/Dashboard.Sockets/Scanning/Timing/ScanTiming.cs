namespace Dashboard.Sockets.Scanning.Timing;

/// <summary>How a scan times and retries its connects; see <see cref="ScanOptions"/> for what each bound means.</summary>
/// <param name="MinTimeoutMs">The shortest a connect waits, however fast the host answers.</param>
/// <param name="MaxTimeoutMs">The longest a connect waits; also the wait before the host's first round trip is known.</param>
/// <param name="MaxAttempts">Connects per port at most (the first and its retries).</param>
/// <param name="InitialWindow">Connects in flight toward one host before any answer came back.</param>
public sealed record ScanTiming(int MinTimeoutMs, int MaxTimeoutMs, int MaxAttempts, int InitialWindow)
{
    /// <summary>Fewest connects before a port is called filtered: the first and one retry, as nmap.</summary>
    public const int MinAttempts = 2;

    /// <summary>One connect, no retries, with a fixed timeout: a single probe as <c>connect_ex</c> makes it.</summary>
    public static ScanTiming Fixed(int timeoutMs) => new(timeoutMs, timeoutMs, 1, 64);
}
