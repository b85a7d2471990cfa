using Dashboard.Contracts.Unix;

namespace Dashboard.Sockets.UnixSockets;

/// <summary>One plain line per outcome.</summary>
internal static class UnixMessages
{
    public static string Probe(UnixSocketState state, UnixSocketType type, string codeName, string? fileType) => state switch
    {
        UnixSocketState.Connected => $"connected: a {Type(type)} socket listens there",
        _ => Failure(state, codeName, fileType),
    };

    public static string Send(UnixSocketState state, string codeName, string? fileType) => state switch
    {
        UnixSocketState.Replied => "sent, and the peer replied",
        UnixSocketState.Sent => "sent; no reply came within the wait (the peer may not answer, or was not asked to)",
        _ => Failure(state, codeName, fileType),
    };

    private static string Failure(UnixSocketState state, string codeName, string? fileType) => state switch
    {
        UnixSocketState.NotFound => $"no such path ({codeName})",
        UnixSocketState.Refused => $"a socket file, but nobody listens on it ({codeName}): its listener closed or has not started",
        UnixSocketState.NotASocket => $"the path is a {fileType ?? "file"}, not a socket ({codeName})",
        UnixSocketState.Denied => $"permission denied ({codeName}): this vantage point's user may not search the directory or write the socket",
        UnixSocketState.WrongType => $"the socket there is of the other type ({codeName}): try stream for datagram or datagram for stream",
        _ => $"failed ({codeName})",
    };

    private static string Type(UnixSocketType type) => type == UnixSocketType.Stream ? "stream" : "datagram";
}
