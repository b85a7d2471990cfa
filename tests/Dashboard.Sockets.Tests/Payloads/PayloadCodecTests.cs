using Dashboard.Contracts;
using Dashboard.Sockets.Payloads;

namespace Dashboard.Sockets.Tests.Payloads;

public sealed class PayloadCodecTests
{
    [Theory]
    [InlineData("Hello World!", null, "48656C6C6F20576F726C6421")]
    [InlineData("héllo", PayloadEncoding.Text, "68C3A96C6C6F")]
    [InlineData("48 65 6c 6c 6f", PayloadEncoding.Hex, "48656C6C6F")]
    [InlineData("0x48656c6c6f", PayloadEncoding.Hex, "48656C6C6F")]
    [InlineData("0x48, 0x65\n0x6C:6c-6F", PayloadEncoding.Hex, "48656C6C6F")]
    [InlineData("SGVsbG8=", PayloadEncoding.Base64, "48656C6C6F")]
    [InlineData(" SGVs\nbG8= ", PayloadEncoding.Base64, "48656C6C6F")]
    [InlineData("", PayloadEncoding.Hex, "")]
    [InlineData(null, PayloadEncoding.Text, "")]
    public void Decode_EachEncoding_GivesTheBytes(string? payload, PayloadEncoding? encoding, string hex) =>
        Assert.Equal(hex, Convert.ToHexString(PayloadCodec.Decode(payload, encoding)));

    [Theory]
    [InlineData("zz", PayloadEncoding.Hex, "payload is not valid hex: 'zz' has 'z', not a hex digit")]
    [InlineData("0x", PayloadEncoding.Hex, "payload is not valid hex: '0x' has no digits")]
    [InlineData("abc", PayloadEncoding.Hex, "payload is not valid hex: 3 hex digits, an odd number; each byte takes two")]
    [InlineData("%%%", PayloadEncoding.Base64, "payload is not valid base64")]
    [InlineData("x", (PayloadEncoding)9, "encoding must be text, hex or base64, got '9'")]
    public void Decode_Bad_SaysWhatIsWrong(string payload, PayloadEncoding encoding, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<InvalidRequestException>(() => PayloadCodec.Decode(payload, encoding)).Message, StringComparison.Ordinal);

    [Fact]
    public void ToText_InvalidUtf8_IsReplacedNotThrown() =>
        Assert.Equal("a\uFFFDb", PayloadCodec.ToText([0x61, 0xFF, 0x62]));
}
