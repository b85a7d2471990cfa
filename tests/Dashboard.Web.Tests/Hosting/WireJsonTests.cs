using System.Text.Json;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Tests.Hosting;

public sealed class WireJsonTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [InlineData("{\"host\":\"db1\",\"port\":\"eighty\"}", "port must be a whole number, got \"eighty\"")]
    [InlineData("{\"host\":{\"name\":\"db1\"},\"port\":80}", "host must be a string, got an object")]
    [InlineData("{\"host\":\"db1\",\"port\":80,\"timeoutMs\":1.5}", "timeoutMs must be a whole number, got 1.5")]
    [InlineData("{\"host\":\"db1\",\"port\":99999999999}", "port must be a whole number, got 99999999999")]
    [InlineData("[1,2]", "request must be a JSON object { host, port, timeoutMs?, from? }, got an array")]
    public void Bind_WrongTypes_NameTheField(string json, string expected)
    {
        var error = Assert.Throws<InvalidRequestException>(() => WireJson.Bind<ProbeRequest>(Json(json)));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Bind_EnumByItsWireName_NumbersAreRefused()
    {
        Assert.Equal(ListenerProtocol.Udp, WireJson.Bind<ListenerRequest>(Json("{\"protocol\":\"udp\",\"port\":0}"))!.Protocol);

        var error = Assert.Throws<InvalidRequestException>(() => WireJson.Bind<ListenerRequest>(Json("{\"protocol\":1,\"port\":0}")));
        Assert.Equal("protocol must be one of tcp, udp, unix, unixgram, got 1", error.Message);
        Assert.Equal("protocol", error.Field);
    }

    [Fact]
    public void Bind_NestedField_IsNamedWithItsPath()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            WireJson.Bind<ListenerRequest>(Json("{\"protocol\":\"tcp\",\"port\":0,\"reply\":{\"mode\":\"shout\"}}")));

        Assert.Equal("reply.mode must be one of none, echo, fixed, got \"shout\"", error.Message);
        Assert.Equal("reply.mode", error.Field);
    }

    [Fact]
    public void Bind_UnknownEncoding_SaysWhichAreAllowed()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            WireJson.Bind<UdpSendRequest>(Json("{\"host\":\"h\",\"port\":53,\"payload\":\"x\",\"encoding\":\"ebcdic\"}")));

        Assert.Equal("encoding must be one of text, hex, base64, got \"ebcdic\"", error.Message);
    }

    [Fact]
    public void Bind_Null_IsNullForTheServiceToRefuse() => Assert.Null(WireJson.Bind<ProbeRequest>(Json("null")));
}
