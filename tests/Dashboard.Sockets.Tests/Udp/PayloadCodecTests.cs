using Dashboard.Sockets.Payloads;

namespace Dashboard.Sockets.Tests.Udp;

public sealed class PayloadCodecTests
{
    [Theory]
    [InlineData("Hello World!", null, "48656C6C6F20576F726C6421")]
    [InlineData("héllo", "text", "68C3A96C6C6F")]
    [InlineData("48 65 6c 6c 6f", "hex", "48656C6C6F")]
    [InlineData("0x48656c6c6f", "hex", "48656C6C6F")]
    [InlineData("0x48, 0x65\n0x6C:6c-6F", "HEX", "48656C6C6F")]
    [InlineData("SGVsbG8=", "base64", "48656C6C6F")]
    [InlineData(" SGVs\nbG8= ", "base64", "48656C6C6F")]
    [InlineData("", "hex", "")]
    [InlineData(null, "text", "")]
    public void Decode_EachEncoding_GivesTheBytes(string? payload, string? encoding, string hex) =>
        Assert.Equal(hex, Convert.ToHexString(PayloadCodec.Decode(payload, encoding)));

    [Theory]
    [InlineData("zz", "hex", "payload is not valid hex: 'zz' has 'z', not a hex digit")]
    [InlineData("0x", "hex", "payload is not valid hex: '0x' has no digits")]
    [InlineData("abc", "hex", "payload is not valid hex: 3 hex digits, an odd number; each byte takes two")]
    [InlineData("%%%", "base64", "payload is not valid base64")]
    [InlineData("x", "utf16", "encoding must be text, hex, base64, got 'utf16'")]
    public void Decode_Bad_SaysWhatIsWrong(string payload, string encoding, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<InvalidRequestException>(() => PayloadCodec.Decode(payload, encoding)).Message, StringComparison.Ordinal);

    [Fact]
    public void ToText_InvalidUtf8_IsReplacedNotThrown() =>
        Assert.Equal("a\uFFFDb", PayloadCodec.ToText([0x61, 0xFF, 0x62]));
}
