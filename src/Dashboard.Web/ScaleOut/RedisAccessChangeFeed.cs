using System.Text.Json;
using Dashboard.Web.Access;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// Access changes over Redis: delivered here at once, and published on one channel that every instance delivers to its
/// own subscribers, so a user disabled through one instance loses their connections on all of them (here the change
/// then arrives twice, which only costs a second look). A message lost while Redis reconnects costs at most
/// <see cref="AuthOptions.RecheckSeconds"/>: every instance re-reads anyway.
/// </summary>
internal sealed class RedisAccessChangeFeed(IConnectionMultiplexer redis, IOptions<ScaleOutOptions> options, ILogger<RedisAccessChangeFeed> logger)
    : IAccessChangeFeed, IHostedService
{
    private readonly AccessChangeSubscribers _subscribers = new();
    private ChannelMessageQueue? _queue;

    private RedisChannel Channel => RedisChannel.Literal($"{options.Value.ChannelPrefix}:access");

    public async Task PublishAsync(AccessChange change, CancellationToken cancellationToken)
    {
        _subscribers.Deliver(change);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(change)).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            ScaleOutLog.AccessChangeUnshared(logger, e.Message);
        }
    }

    public IDisposable Subscribe(Action<AccessChange> handler) => _subscribers.Add(handler);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(Channel).WaitAsync(cancellationToken);
        _queue.OnMessage(message =>
        {
            if (JsonSerializer.Deserialize<AccessChange>(message.Message.ToString()) is { UserId: not null } change)
            {
                _subscribers.Deliver(change);
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
