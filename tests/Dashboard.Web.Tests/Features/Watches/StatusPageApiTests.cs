using System.Net;
using System.Net.Http.Json;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;

namespace Dashboard.Web.Tests.Features.Watches;

public sealed class StatusPageApiTests(DashboardHost host) : IClassFixture<DashboardHost>, IDisposable
{
    private readonly ClosedPorts _closed = new(IPAddress.Loopback, 1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublicPage_AnswersOnlyItsToken_WithNamesAndStatesButNoAddressPortOrReason()
    {
        var group = await GroupWithARunWatchAsync("pub");
        using var admin = host.Http();
        using var anonymous = host.Http("");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("api/public/status/" + RandomToken(), Token)).StatusCode);

        var page = await PutAsync(admin, group, "{\"isPublic\":true}");
        var token = TokenOf(page);
        using var answer = await anonymous.GetAsync("api/public/status/" + token, Token);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var json = await answer.Content.ReadAsStringAsync(Token);
        var board = (await answer.Content.ReadFromJsonAsync<StatusBoard>(Token))!;
        var watch = Assert.Single(board.Watches);
        Assert.Equal((group + "-db", WatchStatus.Down, false, null), (watch.Name, watch.Status, board.Details, watch.Target));
        Assert.Empty(watch.Vantages);
        Assert.DoesNotContain("127.0.0.1", json, StringComparison.Ordinal);
        Assert.DoesNotContain(_closed.Ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture), json, StringComparison.Ordinal);
        Assert.DoesNotContain("ECONNREFUSED", json, StringComparison.Ordinal);
        Assert.DoesNotContain("this server", json, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("api/public/status/" + token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), Token)).StatusCode);
    }

    [Fact]
    public async Task PublicPage_WithShowDetails_AddsTargetsVantagePointsAndReasons()
    {
        var group = await GroupWithARunWatchAsync("details");
        using var admin = host.Http();
        using var anonymous = host.Http("");

        var token = TokenOf(await PutAsync(admin, group, "{\"isPublic\":true,\"showDetails\":true}"));
        var board = (await anonymous.GetFromJsonAsync<StatusBoard>(new Uri("api/public/status/" + token, UriKind.Relative), Token))!;

        var watch = Assert.Single(board.Watches);
        Assert.Equal($"tcp 127.0.0.1:{_closed.Ports[0]} expect open", watch.Target);
        Assert.Contains("ECONNREFUSED", Assert.Single(watch.Vantages).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_EndsTheOldAddressAtOnce_AndPrivateEndsTheNewOne()
    {
        var group = await GroupWithARunWatchAsync("rotate");
        using var admin = host.Http();
        using var anonymous = host.Http("");
        var first = TokenOf(await PutAsync(admin, group, "{\"isPublic\":true}"));

        using var rotated = await admin.PostJsonAsync($"api/watches/status-pages/{group}/rotate", "", Token);
        var second = TokenOf((await rotated.Content.ReadFromJsonAsync<StatusPageView>(Token))!);

        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("api/public/status/" + first, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("api/public/status/" + second, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("public/status/" + second, Token)).StatusCode);

        var made = await PutAsync(admin, group, "{\"isPublic\":false}");
        Assert.Equal((false, null), (made.IsPublic, made.PublicPath));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("api/public/status/" + second, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("public/status/" + second, Token)).StatusCode);
    }

    [Fact]
    public async Task PublicHtmlPage_NeedsNoSignIn_AndShowsNamesNotTargets()
    {
        var group = await GroupWithARunWatchAsync("html");
        using var admin = host.Http();
        using var anonymous = host.Http("");
        var token = TokenOf(await PutAsync(admin, group, "{\"isPublic\":true}"));

        using var answer = await anonymous.GetAsync("public/status/" + token, Token);
        var html = await answer.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(group + "-db", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"down\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:" + _closed.Ports[0], html, StringComparison.Ordinal);
        Assert.DoesNotContain("ECONNREFUSED", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Operator)]
    public async Task ChangingAStatusPage_BelowAdmin_Is403AndTheAddressStaysHidden(Role role)
    {
        var group = "nonadmin-" + role.ToString().ToLowerInvariant();
        var (_, userToken) = await host.AddUserAsync("sp-" + role.ToString().ToLowerInvariant(), role, Token);
        using var user = host.Http(userToken);
        using var admin = host.Http();
        await PutAsync(admin, group, "{\"isPublic\":true}");

        using var put = await user.PutAsync(new Uri($"api/watches/status-pages/{group}", UriKind.Relative),
            new StringContent("{\"isPublic\":false}", System.Text.Encoding.UTF8, "application/json"), Token);
        using var rotate = await user.PostJsonAsync($"api/watches/status-pages/{group}/rotate", "", Token);
        var seen = await user.GetFromJsonAsync<StatusPageView>(new Uri($"api/watches/status-pages/{group}", UriKind.Relative), Token);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (put.StatusCode, rotate.StatusCode));
        Assert.Equal((true, null), (seen!.IsPublic, seen.PublicPath));
    }

    [Fact]
    public async Task StatusPageRoutes_RefuseTheUnsignedAGroupThatIsNoGroupAndRotatingAPrivatePage()
    {
        using var admin = host.Http();
        using var anonymous = host.Http("");
        var tooLong = new string('g', 65);

        using var getAnonymous = await anonymous.GetAsync("api/watches/status-pages/ops", Token);
        using var putAnonymous = await anonymous.PutAsync(new Uri("api/watches/status-pages/ops", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Token);
        using var rotateAnonymous = await anonymous.PostJsonAsync("api/watches/status-pages/ops/rotate", "", Token);
        using var getLong = await admin.GetAsync("api/watches/status-pages/" + tooLong, Token);
        using var putLong = await admin.PutAsync(new Uri("api/watches/status-pages/" + tooLong, UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Token);
        using var rotatePrivate = await admin.PostJsonAsync("api/watches/status-pages/never-public/rotate", "", Token);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], [getAnonymous.StatusCode, putAnonymous.StatusCode, rotateAnonymous.StatusCode]);
        Assert.Equal((400, "group must be a watch group's name, 1-64 characters, got 'gggggggggggggggggggg…'"), (await getLong.ProblemAsync(Token)) is var (status, detail, _) ? (status, detail) : default);
        Assert.Equal(HttpStatusCode.BadRequest, putLong.StatusCode);
        Assert.Equal((409, "the status page of group 'never-public' is not public: make it public first (isPublic: true)"),
            (await rotatePrivate.ProblemAsync(Token)) is var (conflict, why, _) ? (conflict, why) : default);
    }

    private async Task<string> GroupWithARunWatchAsync(string group)
    {
        using var admin = host.Http();
        using var created = await admin.PostJsonAsync("api/watches",
            $"{{\"name\":\"{group}-db\",\"group\":\"{group}\",\"kind\":\"tcp\",\"host\":\"127.0.0.1\",\"port\":{_closed.Ports[0]},\"intervalSeconds\":60}}", Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<WatchView>(Token))!.Id;
        using (await admin.PostJsonAsync($"api/watches/{id}/run", "", Token))
        {
        }

        // The run is stored by a batching writer: wait until its state is down (ECONNREFUSED), however long a busy machine takes.
        while ((await admin.GetFromJsonAsync<WatchView>(new Uri($"api/watches/{id}", UriKind.Relative), Token))!.States[0].Status != WatchStatus.Down)
        {
            await Task.Delay(100, Token);
        }

        return group;
    }

    private static async Task<StatusPageView> PutAsync(HttpClient http, string group, string json)
    {
        using var response = await http.PutAsync(new Uri($"api/watches/status-pages/{group}", UriKind.Relative),
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<StatusPageView>(Token))!;
    }

    private static string TokenOf(StatusPageView page)
    {
        Assert.StartsWith("/public/status/", page.PublicPath, StringComparison.Ordinal);
        var token = page.PublicPath!["/public/status/".Length..];
        Assert.Equal(43, token.Length);
        return token;
    }

    private static string RandomToken() => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _closed.Dispose();
}
