using System.Net;
using System.Text;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>Every 4xx of the API is problem details, also the ones the framework answers before a handler runs.</summary>
public sealed class ProblemAnswerTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("api/history?page=abc", "page", "abc")]
    [InlineData("api/audit?pageSize=1e3", "pageSize", "1e3")]
    [InlineData("api/listeners/l-1/events?after=x", "after", "x")]
    [InlineData("api/policy/test?address=127.0.0.1&port=eighty", "port", "eighty")]
    public async Task QueryNumberThatDoesNotParse_IsAValidationProblemNamingTheField(string path, string field, string given)
    {
        using var http = ApiClient.For(host);

        using var response = await http.GetAsync(path, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync(Token);
        Assert.Equal((400, field), (problem.Status, problem.Field));
        Assert.Contains("whole number", problem.Detail, StringComparison.Ordinal);
        Assert.Contains($"'{given}'", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOnAPostOnlyRoute_Is405WithAllowAndAProblem()
    {
        using var http = ApiClient.For(host);

        using var response = await http.GetAsync("api/probe", Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        var problem = await response.ProblemAsync(Token);
        Assert.Equal(405, problem.Status);
        Assert.Contains("POST", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiPath_StaysA404ButWithAProblem()
    {
        using var http = ApiClient.For(host);

        using var response = await http.GetAsync("api/no-such-thing", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await response.ProblemAsync(Token)).Status);
    }

    [Fact]
    public async Task BodyThatIsNotJson_Is415NamingWhatIsAccepted()
    {
        using var http = ApiClient.For(host);

        using var response = await http.PostAsync(new Uri("api/probe", UriKind.Relative),
            new StringContent("host=127.0.0.1&port=1", Encoding.UTF8, "application/x-www-form-urlencoded"), Token);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.ProblemAsync(Token);
        Assert.Equal(415, problem.Status);
        Assert.Contains("application/json", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("application/x-www-form-urlencoded", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoToken_Is401WithABearerChallenge()
    {
        using var http = host.Http(token: "");

        using var response = await http.GetAsync("api/scans", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(401, (await response.ProblemAsync(Token)).Status);
    }

    [Fact]
    public async Task RefusedToken_Is401WithInvalidTokenInTheChallenge()
    {
        using var http = host.Http(token: "sdt_not_a_token");

        using var response = await http.GetAsync("api/scans", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
    }
}
