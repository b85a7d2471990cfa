using System.Net;
using System.Text.Json;

namespace Dashboard.Web.Tests.Features.Paths;

/// <summary>A path check is a listener at one end and a send from the other: the dashboard's own rules hold for both.</summary>
public sealed class PathPolicyApiTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{\"port\":41010,\"host\":\"169.254.169.254\"}", "link-local")]
    [InlineData("{\"port\":41011,\"host\":\"::ffff:169.254.169.254\"}", "link-local")]
    [InlineData("{\"port\":81,\"host\":\"127.0.0.1\"}", "1024-65535")]
    public async Task PathCheck_ToADeniedAddressOrPort_IsRefusedAndSendsNothing(string body, string expected)
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/paths/check", body, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathCheck_ToAPortSomethingElseHolds_IsA409NamingIt()
    {
        using var held = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 30_011));
        held.Listen(1);
        using var http = ApiClient.For(host);

        using var response = await http.PostJsonAsync("api/paths/check", "{\"port\":30011,\"protocol\":\"tcp\",\"timeoutMs\":1000}", Token);

        var (status, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal(409, status);
        Assert.Contains("port 30011 is already in use", detail, StringComparison.Ordinal);
        Assert.Contains("EADDRINUSE", detail, StringComparison.Ordinal);
    }
}
