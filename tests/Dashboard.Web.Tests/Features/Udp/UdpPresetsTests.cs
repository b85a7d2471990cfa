using Dashboard.Contracts;
using Dashboard.Sockets.Payloads;
using Dashboard.Web.Features.Udp;

namespace Dashboard.Web.Tests.Features.Udp;

public sealed class UdpPresetsTests
{
    private static byte[] Bytes(string name) => PayloadCodec.Decode(UdpPresets.All.Single(p => p.Name.StartsWith(name, StringComparison.Ordinal)).Hex, PayloadEncoding.Hex);

    [Fact]
    public void Dns_IsOneQuestionForTheRootNsInClassIn()
    {
        var query = Bytes("DNS");

        Assert.Equal(17, query.Length);
        Assert.Equal(new byte[] { 0, 1, 0, 0, 0, 0, 0, 0 }, query[4..12]);
        Assert.Equal(new byte[] { 0, 0, 2, 0, 1 }, query[12..]);
    }

    [Fact]
    public void Ntp_Is48BytesVersion3ClientMode()
    {
        var request = Bytes("NTP");

        Assert.Equal(48, request.Length);
        Assert.Equal((0, 3, 3), (request[0] >> 6, (request[0] >> 3) & 7, request[0] & 7));
    }

    [Fact]
    public void Snmp_BerLengthsAddUpAndItAsksForSysDescr()
    {
        var message = Bytes("SNMP");

        Assert.Equal((0x30, message.Length - 2), (message[0], message[1]));
        Assert.Equal(0xa0, message[13]);
        Assert.Equal(message.Length - 15, message[14]);
        Assert.Equal("public", System.Text.Encoding.ASCII.GetString(message[7..13]));
        Assert.Equal(new byte[] { 0x2b, 6, 1, 2, 1, 1, 1, 0 }, message[^10..^2]);
    }
}
