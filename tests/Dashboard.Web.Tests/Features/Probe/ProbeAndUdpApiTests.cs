using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;

namespace Dashboard.Web.Tests.Features.Probe;

public sealed class ProbeAndUdpApiTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostProbe_OpenPort_AnswersTheProbeResult()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var http = ApiClient.For(host);

        using var response = await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", listener.Port), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<ProbeResult>(Token);
        Assert.Equal((ProbeState.Open, 0, "OK"), (result!.State, result.Code, result.CodeName));
        Assert.Contains("\"state\":\"open\"", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":70000}", "port", "port must be 1-65535, got 70000")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":\"eighty\"}", "port", "port must be a whole number, got \"eighty\"")]
    [InlineData("{\"host\":[\"a\"],\"port\":80}", "host", "host must be a string, got an array")]
    [InlineData("{\"port\":80}", "host", "host is required")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":80,\"timeoutMs\":0}", "timeoutMs", "timeoutMs must be 1-30000, got 0")]
    [InlineData("null", "request", "request is required")]
    [InlineData("{not json", "request", "request body must be JSON")]
    public async Task PostProbe_BadInput_Is400WithTheFieldInErrors(string json, string field, string expected)
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/probe", json, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (status, detail, errorField) = await response.ProblemAsync(Token);
        Assert.Equal(400, status);
        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
        Assert.Equal(field, errorField);
    }

    [Fact]
    public async Task PostUdp_ToEchoPeer_AnswersRepliedWithThePayload()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/udp",
            $"{{\"host\":\"127.0.0.1\",\"port\":{echo.Port},\"payload\":\"68 69\",\"encoding\":\"hex\"}}", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<UdpSendResult>(Token);
        Assert.Equal(UdpState.Replied, result!.State);
        Assert.Equal("hi", Assert.Single(result.Replies).PayloadText);
    }

    [Fact]
    public async Task PostUdp_60000Bytes_ArriveIntactInOneDatagram()
    {
        var bytes = Enumerable.Range(0, 60_000).Select(i => (byte)(i * 7)).ToArray();
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        using var http = ApiClient.For(host);

        using var response = await http.PostAsync("api/udp",
            new UdpSendRequest("127.0.0.1", echo.Port, Convert.ToBase64String(bytes), Dashboard.Contracts.PayloadEncoding.Base64, WaitReplyMs: 10_000), Token);

        var result = await response.Content.ReadFromJsonAsync<UdpSendResult>(Token);
        Assert.Equal((UdpState.Replied, 60_000L), (result!.State, result.BytesSent));
        Assert.Equal(bytes, Assert.Single(echo.Received));
    }

    [Fact]
    public async Task PostUdp_UnknownEncoding_Is400NamingIt()
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/udp", "{\"host\":\"127.0.0.1\",\"port\":9,\"payload\":\"x\",\"encoding\":\"rot13\"}", Token);

        var (status, detail, field) = await response.ProblemAsync(Token);
        Assert.Equal((400, "encoding"), (status, field));
        Assert.Equal("encoding must be one of text, hex, base64, got \"rot13\"", detail);
    }
}
