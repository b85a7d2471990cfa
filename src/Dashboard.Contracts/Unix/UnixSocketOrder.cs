namespace Dashboard.Contracts.Unix;

/// <summary>
/// One Unix socket probe or send, as a vantage point takes it (the agent command <c>unix</c>): exactly one of
/// <paramref name="Probe"/> and <paramref name="Send"/>, with the directories the dashboard allows. An agent checks the
/// path against those and against its owner's own (<c>--unix-dirs</c>); both must allow it.
/// </summary>
public sealed record UnixSocketOrder(UnixProbeRequest? Probe, UnixSendRequest? Send, IReadOnlyList<string> AllowedDirectories);

/// <summary>The answer to a <see cref="UnixSocketOrder"/>: the result of the one it asked.</summary>
public sealed record UnixSocketAnswer(UnixProbeResult? Probe, UnixSendResult? Send);
