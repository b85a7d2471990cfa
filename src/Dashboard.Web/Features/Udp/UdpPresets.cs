namespace Dashboard.Web.Features.Udp;

/// <summary>
/// Requests of well-known UDP protocols whose bytes are public fact, so a user can see a real
/// service answer. Written here from the protocols' specifications.
/// </summary>
public static class UdpPresets
{
    /// <summary>A preset: what to call it, where it goes, what it sends (hex).</summary>
    public sealed record Preset(string Name, int Port, string Hex, string About);

    public static IReadOnlyList<Preset> All { get; } =
    [
        // RFC 1035 §4.1: header (id 0x1234, RD set, one question), then the root name (a zero
        // byte), QTYPE NS (2), QCLASS IN (1).
        new("DNS: NS of .", 53, "12 34 01 00 00 01 00 00 00 00 00 00 00 00 02 00 01",
            "a standard query for the root zone's name servers"),

        // RFC 5905 §7.3: 48 bytes, first byte 0x1B = leap indicator 0, version 3, mode 3 (client).
        new("NTP: client request", 123, "1b" + string.Concat(Enumerable.Repeat(" 00", 47)),
            "an NTP v3 client request; a server answers with its time"),

        // RFC 3416 / RFC 1157 in BER: SNMPv2c, community "public", GetRequest (request-id 1) for
        // sysDescr.0 (1.3.6.1.2.1.1.1.0).
        new("SNMP: get sysDescr.0", 161,
            "30 29 02 01 01 04 06 70 75 62 6c 69 63 a0 1c 02 04 00 00 00 01 02 01 00 02 01 00 30 0e 30 0c 06 08 2b 06 01 02 01 01 01 00 05 00",
            "an SNMPv2c get of the system description, community public"),
    ];
}
