using System.Net;
using System.Net.Http.Json;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Notifications;

/// <summary>A dashboard whose deliveries retry fast (20 ms), shared by a test class; each test routes its channels to a group of its own.</summary>
public sealed class FastRetryHost : IAsyncDisposable
{
    public DashboardHost Host { get; } = DashboardHost.With(new Dictionary<string, string?>
    {
        ["Notifications:RetryDelayMs"] = "20",
        ["Notifications:MaxRetries"] = "2",
    });

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>What the notification tests do to a host: channels through the REST API, alerts through the watches' seam, counters read back.</summary>
internal static class NotificationKit
{
    public static async Task<ChannelCreated> CreateChannelAsync(this DashboardHost host, ChannelRequest request, CancellationToken cancellationToken)
    {
        using var http = host.Http();
        using var response = await http.PostAsJsonAsync(new Uri("api/notifications/channels", UriKind.Relative), request, WireJson.Options, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(cancellationToken));
        return (await response.Content.ReadFromJsonAsync<ChannelCreated>(WireJson.Options, cancellationToken))!;
    }

    /// <summary>An alert as the watches raise it, through the seam they call.</summary>
    public static ValueTask<IReadOnlyList<string>> RaiseAsync(this DashboardHost host, WatchAlert alert, CancellationToken cancellationToken) =>
        host.Services.GetRequiredService<IWatchAlerts>().RaiseAsync(alert, cancellationToken);

    public static WatchAlert Alert(string group, WatchAlertKind kind = WatchAlertKind.Down, string name = "db-port")
    {
        var at = DateTimeOffset.UtcNow;
        return new WatchAlert(kind, "w-" + group, name, group, "this server", "tcp 127.0.0.1:5432 expect open",
            "ECONNREFUSED (111): <refused> & closed", at, 42, at.AddSeconds(-90));
    }

    /// <summary>The channel once its counters satisfy <paramref name="done"/> (deliveries run in the background).</summary>
    public static async Task<ChannelView> WaitForChannelAsync(this DashboardHost host, string id, Func<ChannelCounters, bool> done, CancellationToken cancellationToken)
    {
        var service = host.Services.GetRequiredService<NotificationService>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var channel = await service.GetChannelAsync(host.Admin, id, timeout.Token);
            if (done(channel.Counters))
            {
                return channel;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
