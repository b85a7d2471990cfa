using Dashboard.Contracts.Identify;

namespace Dashboard.Sockets.Identify;

/// <summary>
/// A recognised answer: the service as nmap names it, what the server announced about itself, and how sure it is.
/// Some answers open a door to learn more on the same connection (<see cref="FollowUp"/>, then <see cref="Refine"/>):
/// Redis's PONG is followed by <c>INFO server</c> for the version, PostgreSQL's 'N' by a startup message.
/// </summary>
public sealed record ServiceMatch(string Service, string? Product, string? Version, string? Info, IdentifyConfidence Confidence)
{
    /// <summary>Bytes to send next on the same connection, or null.</summary>
    public byte[]? FollowUp { get; init; }

    /// <summary>What the answer to <see cref="FollowUp"/> adds; returns this match unchanged when it adds nothing.</summary>
    public Func<byte[], ServiceMatch>? Refine { get; init; }
}

/// <summary>One safe probe: its name (as results report it) and the bytes it sends.</summary>
public sealed record ServiceProbe(string Name, Func<string, byte[]> Payload)
{
    /// <summary><c>HEAD / HTTP/1.0</c> with a Host header: any web server answers, and says what it is in <c>Server:</c>.</summary>
    public static ServiceProbe Http { get; } = new("http", host => System.Text.Encoding.ASCII.GetBytes(
        $"HEAD / HTTP/1.0\r\nHost: {(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}\r\nUser-Agent: socket-dashboard\r\nAccept: */*\r\n\r\n"));

    /// <summary>A TLS ClientHello; the ServerHello (or an alert) says TLS and its version.</summary>
    public static ServiceProbe Tls { get; } = new("tls", TlsHello.ClientHello);

    /// <summary>Redis's inline <c>PING</c>: <c>+PONG</c>, or <c>-NOAUTH</c> when it wants a password.</summary>
    public static ServiceProbe Redis { get; } = new("redis", _ => "PING\r\n"u8.ToArray());

    /// <summary>PostgreSQL's SSLRequest (length 8, code 80877103): the server answers one byte, 'S' or 'N'.</summary>
    public static ServiceProbe Postgres { get; } = new("postgresql", _ => [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

    private static readonly int[] TlsPorts = [443, 465, 636, 853, 990, 992, 993, 994, 995, 5061, 5986, 6443, 8443, 9443];

    /// <summary>
    /// The probes for a server that stayed silent, the one its port suggests first (TLS on 443, Redis on 6379,
    /// PostgreSQL on 5432), then HTTP, TLS, Redis, PostgreSQL.
    /// </summary>
    public static IReadOnlyList<ServiceProbe> InOrderFor(int port)
    {
        var name = Targets.ServiceNames.Of(port);
        var first = TlsPorts.Contains(port) || name is "https" or "imaps" or "pop3s" or "ldaps" or "submissions" or "ftps" ? Tls
            : port == 6379 || name == "redis" ? Redis
            : port == 5432 || name == "postgresql" ? Postgres
            : Http;
        return [first, .. new[] { Http, Tls, Redis, Postgres }.Where(p => p != first)];
    }
}
