using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Contracts.Watches;

namespace Dashboard.Web.Tests.Features.Tls;

/// <summary>The watch kind "certificate valid for at least N days", run once (preview) at the lab's servers.</summary>
public sealed class TlsWatchTests(TlsApiFixture lab) : IClassFixture<TlsApiFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TlsWatch_EnoughDaysLeft_Passes_NamingTheCertificateThatExpiresFirst()
    {
        var outcome = await PreviewAsync($$"""{"name":"cert","kind":"tls","host":"127.0.0.1","port":{{lab.Valid}},"minDaysLeft":30}""");

        Assert.True(outcome.Passed, outcome.Reason);
        Assert.Equal("valid", outcome.Outcome);
        Assert.Matches(@"^valid, (88|89|90) days left \(CN=www\.test,O=Socket Dashboard Tests until \d{4}-\d\d-\d\d\)$", outcome.Reason);
    }

    [Fact]
    public async Task TlsWatch_FewerDaysLeftThanAsked_FailsAsExpiring()
    {
        var outcome = await PreviewAsync($$"""{"name":"cert","kind":"tls","host":"127.0.0.1","port":{{lab.Valid}},"minDaysLeft":200}""");

        Assert.False(outcome.Passed);
        Assert.Equal("expiring", outcome.Outcome);
        Assert.Contains("fewer than 200", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsWatch_NameTypedThatTheCertificateIsNotFor_FailsWithTheNameCheck()
    {
        var outcome = await PreviewAsync($$"""{"name":"cert","kind":"tls","host":"localhost","port":{{lab.Valid}}}""");

        Assert.False(outcome.Passed);
        Assert.Equal("invalid", outcome.Outcome);
        Assert.Equal("issued for www.test, *.apps.test, not localhost", outcome.Reason);
    }

    [Theory]
    [InlineData("""{"name":"c","kind":"tls","host":"127.0.0.1","port":443,"minDaysLeft":-1}""", "minDaysLeft must be 0-3650, got -1")]
    [InlineData("""{"name":"c","kind":"tcp","host":"127.0.0.1","port":443,"minDaysLeft":5}""", "minDaysLeft goes with a tls watch only")]
    [InlineData("""{"name":"c","kind":"tls","host":"127.0.0.1","port":443,"expect":"open"}""", "expect for a tls watch must be one of valid, got open")]
    public async Task TlsWatch_BadSpec_Is400NamingTheField(string json, string expected)
    {
        using var http = lab.Host.Http();

        using var response = await http.PostJsonAsync("api/watches/preview", json, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, detail, _) = await response.ProblemAsync(Token);
        Assert.Equal(expected, detail);
    }

    [Fact]
    public async Task TlsWatch_ExportsMinDaysLeftInYaml_WhenNotTheDefault()
    {
        using var http = lab.Host.Http();
        using var created = await http.PostJsonAsync("api/watches",
            $$"""{"name":"yaml tls","kind":"tls","host":"127.0.0.1","port":{{lab.Valid}},"minDaysLeft":21,"paused":true}""", Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var yaml = await http.GetStringAsync(new Uri("api/watches/export", UriKind.Relative), Token);

        Assert.Contains("kind: tls", yaml, StringComparison.Ordinal);
        Assert.Contains("minDaysLeft: 21", yaml, StringComparison.Ordinal);
    }

    private async Task<WatchOutcome> PreviewAsync(string json)
    {
        using var http = lab.Host.Http();
        using var response = await http.PostJsonAsync("api/watches/preview", json, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, body);
        return Assert.Single(JsonSerializer.Deserialize<List<WatchOutcome>>(body, JsonSerializerOptions.Web)!);
    }
}
