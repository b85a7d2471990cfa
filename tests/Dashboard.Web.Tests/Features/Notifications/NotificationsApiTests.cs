using System.Net;
using System.Net.Http.Json;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Tests.Features.Notifications;

/// <summary>The REST door of channels and maintenance windows: every documented answer, as a script meets it.</summary>
public sealed class NotificationsApiTests : IAsyncDisposable
{
    private readonly DashboardHost _host = DashboardHost.With(new Dictionary<string, string?>
    {
        ["Notifications:MaxChannels"] = "2",
        ["Notifications:MaxMaintenanceWindows"] = "1",
    });

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Channels_AreMadeReadChangedAndDeleted_WithEachRefusalAsAProblem()
    {
        using var http = _host.Http();
        var first = await _host.CreateChannelAsync(new ChannelRequest("api-one", "slack", Slack: new SlackSettings("http://127.0.0.1:9/a")), Token);
        await _host.CreateChannelAsync(new ChannelRequest("api-two", "slack", Slack: new SlackSettings("http://127.0.0.1:9/b")), Token);
        var path = $"api/notifications/channels/{first.Channel.Id}";

        using var full = await PostAsync(http, "api/notifications/channels", new ChannelRequest("api-three", "slack", Slack: new SlackSettings("http://127.0.0.1:9/c")));
        using var duplicate = await PostAsync(http, "api/notifications/channels", new ChannelRequest("API-ONE", "slack", Slack: new SlackSettings("http://127.0.0.1:9/c")));
        var read = await http.GetFromJsonAsync<ChannelView>(new Uri(path, UriKind.Relative), WireJson.Options, Token);
        using var changed = await PutAsync(http, path, new ChannelRequest("api-one", "slack", Enabled: false));
        using var taken = await PutAsync(http, path, new ChannelRequest("API-TWO", "slack"));
        using var bad = await PutAsync(http, path, new ChannelRequest("api-one", "pager"));
        using var deleted = await http.DeleteAsync(new Uri(path, UriKind.Relative), Token);
        using var gone = await http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal((429, "request"), await ProblemOfAsync(full));
        Assert.Equal((409, "request"), await ProblemOfAsync(duplicate));
        Assert.Equal(("api-one", "slack", true), (read!.Name, read.Kind, read.Enabled));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.False((await changed.Content.ReadFromJsonAsync<ChannelView>(WireJson.Options, Token))!.Enabled);
        Assert.Equal((409, "request"), await ProblemOfAsync(taken));
        Assert.Equal((400, "kind"), await ProblemOfAsync(bad));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task MaintenanceWindows_AreMadeAndDeleted_UpToTheirBound()
    {
        using var http = _host.Http();
        var window = new MaintenanceWindowRequest("db", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), "upgrade");

        using var created = await PostAsync(http, "api/notifications/maintenance", window);
        using var beyond = await PostAsync(http, "api/notifications/maintenance", window);
        var view = await created.Content.ReadFromJsonAsync<MaintenanceWindowView>(WireJson.Options, Token);
        using var deleted = await http.DeleteAsync(new Uri($"api/notifications/maintenance/{view!.Id}", UriKind.Relative), Token);
        using var again = await http.DeleteAsync(new Uri($"api/notifications/maintenance/{view.Id}", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(("db", "upgrade", true), (view.Group, view.Reason, view.Active));
        Assert.Equal((429, "request"), await ProblemOfAsync(beyond));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal((404, "request"), await ProblemOfAsync(again));
    }

    [Fact]
    public async Task AnOperator_IsRefusedEveryNotificationsRoute_With403()
    {
        var channel = await _host.CreateChannelAsync(new ChannelRequest("api-403", "slack", Slack: new SlackSettings("http://127.0.0.1:9/z")), Token);
        var (_, token) = await _host.AddUserAsync("notify-op", Role.Operator, Token);
        using var http = _host.Http(token);
        var id = channel.Channel.Id;
        (HttpMethod Method, string Path, bool Body)[] routes =
        [
            (HttpMethod.Get, "api/notifications", false), (HttpMethod.Post, "api/notifications/channels", true),
            (HttpMethod.Get, $"api/notifications/channels/{id}", false), (HttpMethod.Put, $"api/notifications/channels/{id}", true),
            (HttpMethod.Delete, $"api/notifications/channels/{id}", false), (HttpMethod.Post, $"api/notifications/channels/{id}/test", false),
            (HttpMethod.Post, "api/notifications/maintenance", true), (HttpMethod.Delete, "api/notifications/maintenance/1", false),
        ];

        foreach (var (method, path, body) in routes)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
            {
                Content = body ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
            };
            using var response = await http.SendAsync(request, Token);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode}");
        }
    }

    private static async Task<(int Status, string Field)> ProblemOfAsync(HttpResponseMessage response)
    {
        var (status, _, field) = await response.ProblemAsync(Token);
        return (status, field ?? "request");
    }

    private static Task<HttpResponseMessage> PostAsync<T>(HttpClient http, string path, T body) =>
        http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, WireJson.Options, Token);

    private static Task<HttpResponseMessage> PutAsync<T>(HttpClient http, string path, T body) =>
        http.PutAsJsonAsync(new Uri(path, UriKind.Relative), body, WireJson.Options, Token);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
