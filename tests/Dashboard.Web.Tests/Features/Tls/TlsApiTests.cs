using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Contracts.Tls;

namespace Dashboard.Web.Tests.Features.Tls;

/// <summary>A lab TLS server and a dashboard that trusts the lab's root.</summary>
public sealed class TlsApiFixture : IAsyncLifetime
{
    public TlsLab Lab { get; } = new();

    public DashboardHost Host { get; private set; } = null!;

    public int Valid { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Valid = await Lab.ServeAsync("leaf", "inter");
        Host = DashboardHost.With(new() { ["Sockets:Tls:ExtraTrustedCaFiles:0"] = Lab.RootPem });
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Lab.Dispose();
    }
}

public sealed class TlsApiTests(TlsApiFixture lab) : IClassFixture<TlsApiFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostTls_ValidChain_AnswersTheCheck_StoredInTheHistory()
    {
        using var http = ApiClient.For(lab.Host);

        using var response = await http.PostJsonAsync("api/tls", $"{{\"host\":\"127.0.0.1\",\"port\":{lab.Valid},\"sni\":\"www.test\"}}", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Token);
        var result = JsonSerializer.Deserialize<TlsCheckResult>(body, JsonSerializerOptions.Web)!;
        Assert.Equal((TlsState.Valid, ChainVerdict.Valid, true), (result.State, result.ChainVerdict, result.NameMatches));
        Assert.Contains("\"state\":\"valid\"", body, StringComparison.Ordinal);
        Assert.Equal("this server", result.From);
        using var stored = await http.GetAsync($"api/history/{result.Id}", Token);
        var record = await stored.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal("tls", record.GetProperty("entry").GetProperty("kind").GetString());
        Assert.Equal($"tls/{result.Id}", record.GetProperty("entry").GetProperty("link").GetString());
        Assert.Equal("CN=www.test,O=Socket Dashboard Tests", record.GetProperty("result").GetProperty("chain")[0].GetProperty("subject").GetString());
    }

    [Fact]
    public async Task PostTls_NameTyped_IsTheSniByDefault_AndTheNameChecked()
    {
        using var http = ApiClient.For(lab.Host);

        using var response = await http.PostJsonAsync("api/tls", $"{{\"host\":\"localhost\",\"port\":{lab.Valid}}}", Token);

        var result = (await response.Content.ReadFromJsonAsync<TlsCheckResult>(JsonSerializerOptions.Web, Token))!;
        Assert.Equal(("localhost", "localhost"), (result.Sni, result.NameChecked));
        Assert.Equal(TlsState.Invalid, result.State);
        Assert.Equal("issued for www.test, *.apps.test, not localhost", result.NameMessage);
    }

    [Fact]
    public async Task RerunStoredCheck_RunsItAgainThroughTheService()
    {
        using var http = ApiClient.For(lab.Host);
        using var first = await http.PostJsonAsync("api/tls", $"{{\"host\":\"127.0.0.1\",\"port\":{lab.Valid},\"sni\":\"www.test\"}}", Token);
        var id = (await first.Content.ReadFromJsonAsync<TlsCheckResult>(JsonSerializerOptions.Web, Token))!.Id;

        using var rerun = await http.PostAsync($"api/history/{id}/rerun", null, Token);

        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        Assert.Contains("tls/", await rerun.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":443,\"sni\":\"10.1.2.3\"}", "sni", "sni must be a DNS name")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":443,\"startTls\":\"telnet\"}", "startTls", "startTls must be one of")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":443,\"alpn\":[\"\"]}", "alpn", "alpn entries must be")]
    [InlineData("{\"host\":\"127.0.0.1\",\"port\":0}", "port", "port must be 1-65535, got 0")]
    public async Task PostTls_BadInput_Is400NamingTheField(string json, string field, string expected)
    {
        using var http = ApiClient.For(lab.Host);

        using var response = await http.PostJsonAsync("api/tls", json, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, detail, errorField) = await response.ProblemAsync(Token);
        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
        Assert.Equal(field, errorField);
    }
}
