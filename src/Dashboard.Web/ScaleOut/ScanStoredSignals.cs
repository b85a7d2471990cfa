using System.Collections.Concurrent;
using Dashboard.Web.Features.History.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// Wake-ups for mirrors, over Redis: the instance running a scan publishes its id on one channel each time its journal
/// has stored more of it; an instance following that scan (<see cref="ScanMirrors"/>) reads the new chunks at once.
/// A lost message (Redis reconnecting) costs at most <see cref="ScaleOutOptions.MirrorPollMs"/>: followers look anyway
/// that often.
/// </summary>
internal sealed class ScanStoredSignals(IConnectionMultiplexer redis, IOptions<ScaleOutOptions> options, ILogger<ScanStoredSignals> logger)
    : IScanStoredSignal, IHostedService
{
    private readonly ConcurrentDictionary<string, Follower> _followed = new(StringComparer.Ordinal);
    private ChannelMessageQueue? _queue;

    private RedisChannel Channel => RedisChannel.Literal($"{options.Value.ChannelPrefix}:scan-stored");

    /// <summary>Never throws and never waits for Redis: it is called on the journal's thread, after a batch was committed.</summary>
    public void Stored(string scanId)
    {
        try
        {
            _ = redis.GetSubscriber().PublishAsync(Channel, scanId, CommandFlags.FireAndForget);
        }
        catch (Exception e)
        {
            // Disposed at shutdown, timed out, disconnected: the followers look again within MirrorPollMs anyway.
            ScaleOutLog.SignalFailed(logger, e.Message);
        }
    }

    /// <summary>Wake-ups for <paramref name="scanId"/> from now on, until the follower is disposed.</summary>
    public Follower Follow(string scanId)
    {
        var follower = new Follower(this, scanId);
        _followed[scanId] = follower;
        return follower;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(Channel).WaitAsync(cancellationToken);
        _queue.OnMessage(message =>
        {
            if (_followed.TryGetValue(message.Message.ToString(), out var follower))
            {
                follower.Wake();
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

    /// <summary>One scan followed: a wake-up that arrives while nobody waits is kept (one), so none is lost between looks.</summary>
    public sealed class Follower(ScanStoredSignals signals, string scanId) : IDisposable
    {
        private readonly SemaphoreSlim _woken = new(0, 1);

        /// <summary>Until the scan's owner stored more, or <paramref name="atMost"/> passed; true when woken.</summary>
        public Task<bool> WaitAsync(TimeSpan atMost, CancellationToken cancellationToken) => _woken.WaitAsync(atMost, cancellationToken);

        internal void Wake()
        {
            try
            {
                _woken.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken and not yet looked: one look reads everything stored since.
            }
            catch (ObjectDisposedException)
            {
                // Stopped following meanwhile.
            }
        }

        public void Dispose()
        {
            signals._followed.TryRemove(new KeyValuePair<string, Follower>(scanId, this));
            _woken.Dispose();
        }
    }
}
