using Dashboard.Contracts.Trace;

namespace Dashboard.Sockets.Tracing;

/// <summary>ICMP and ICMPv6 types and codes in words, and which of them say a packet went no further.</summary>
internal static class IcmpWords
{
    /// <summary>What kind of answer an ICMP message is: a router on the way, or a refusal.</summary>
    public static TraceReply ReplyOf(IcmpReport report) => IsTimeExceeded(report) ? TraceReply.TimeExceeded : TraceReply.Unreachable;

    public static bool IsTimeExceeded(IcmpReport report) => report.IsIcmp6 ? report.Type == 3 : report.Type == 11;

    /// <summary>"time exceeded", "administratively prohibited", "port unreachable"…</summary>
    public static string Of(IcmpReport report) => report.IsIcmp6 ? Icmp6(report.Type, report.Code) : Icmp4(report.Type, report.Code);

    private static string Icmp4(int type, int code) => (type, code) switch
    {
        (11, 0) => "time exceeded",
        (11, 1) => "time exceeded in fragment reassembly",
        (3, 0) => "network unreachable",
        (3, 1) => "host unreachable",
        (3, 2) => "protocol unreachable",
        (3, 3) => "port unreachable",
        (3, 4) => "fragmentation needed",
        (3, 5) => "source route failed",
        (3, 6) => "destination network unknown",
        (3, 7) => "destination host unknown",
        (3, 9) => "network administratively prohibited",
        (3, 10) => "host administratively prohibited",
        (3, 11) => "network unreachable for this type of service",
        (3, 12) => "host unreachable for this type of service",
        (3, 13) => "administratively prohibited",
        (3, 14) => "host precedence violation",
        (3, 15) => "precedence cutoff",
        (12, _) => "parameter problem",
        _ => $"ICMP type {type} code {code}",
    };

    private static string Icmp6(int type, int code) => (type, code) switch
    {
        (3, 0) => "time exceeded",
        (3, 1) => "time exceeded in fragment reassembly",
        (1, 0) => "no route to destination",
        (1, 1) => "administratively prohibited",
        (1, 2) => "beyond scope of source address",
        (1, 3) => "address unreachable",
        (1, 4) => "port unreachable",
        (1, 5) => "source address failed policy",
        (1, 6) => "reject route to destination",
        (2, _) => "packet too big",
        (4, _) => "parameter problem",
        _ => $"ICMPv6 type {type} code {code}",
    };
}
