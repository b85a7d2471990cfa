using System.Text.Json;
using Dashboard.Web.Features.Watches;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// Watch changes over Redis: a run stored by one instance (Quartz gives each run to one of them) reaches the pages of
/// every other. Fire and forget: a message lost while Redis reconnects is made good by the next run's (pages), or by the
/// runner's re-read within <see cref="Features.Watches.Runs.WatchRunPlans.Lifetime"/> (definitions).
/// </summary>
internal sealed class RedisWatchChangeFeed(IConnectionMultiplexer redis, IOptions<ScaleOutOptions> options, InstanceIdentity me, ILogger<RedisWatchChangeFeed> logger)
    : IWatchChangeFeed, IHostedService
{
    private Action<IReadOnlyCollection<string>, bool>? _heard;
    private ChannelMessageQueue? _queue;

    private RedisChannel Channel => RedisChannel.Literal($"{options.Value.ChannelPrefix}:watches");

    private sealed record Changed(string From, string[] Ids, bool Redefined = false);

    public void Publish(IReadOnlyCollection<string> watchIds, bool redefined)
    {
        try
        {
            redis.GetSubscriber().Publish(Channel, JsonSerializer.Serialize(new Changed(me.Name, [.. watchIds], redefined)), CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            ScaleOutLog.WatchChangeUnshared(logger, e.Message);
        }
    }

    public void Subscribe(Action<IReadOnlyCollection<string>, bool> heard) => _heard += heard;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(Channel).WaitAsync(cancellationToken);
        _queue.OnMessage(message =>
        {
            if (JsonSerializer.Deserialize<Changed>(message.Message.ToString()) is { } changed && changed.From != me.Name && changed.Ids.Length <= 10_000)
            {
                _heard?.Invoke(changed.Ids, changed.Redefined);
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }
}
