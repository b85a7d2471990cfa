using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Dashboard.Contracts.Agents;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// Calls between instances over Redis pub/sub: each instance reads its own channel, in order, and answers on the
/// caller's. The calling side is here; the answering side is <see cref="PeerHandlers"/>. An instance whose lease
/// expired (<see cref="InstanceLeases"/>) fails every call still waiting on it, so no watcher waits forever.
/// </summary>
public sealed partial class PeerBus(IConnectionMultiplexer redis, InstanceIdentity me, IOptions<ScaleOutOptions> options, IServiceProvider services,
    ILogger<PeerBus> logger) : IHostedService, IDisposable
{
    /// <summary>Messages one call may have waiting before it is read; past that the relay fell behind and the call fails (the work goes on where it runs).</summary>
    public const int MaxWaiting = 8_192;

    private readonly ConcurrentDictionary<string, PendingCall> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _answering = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _queue;
    private volatile bool _disposed;

    internal ScaleOutOptions Options => options.Value;

    public string Instance => me.Name;

    private RedisChannel ChannelOf(string instance) => RedisChannel.Literal($"{Options.ChannelPrefix}:peer:{instance}");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _queue = await redis.GetSubscriber().SubscribeAsync(ChannelOf(me.Name));
        // Handled one at a time in arrival order: replies and items reach their call in the order they were sent.
        _queue.OnMessage(message => Receive(message.Message));
        ScaleOutLog.Started(logger, me.Name, options.Value.Redis ?? "");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            // The host was disposed before it was stopped: nothing waits on this instance any more.
            return;
        }

        await _stopping.CancelAsync();
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }

        foreach (var pending in _pending.Values)
        {
            pending.Fail(new VantageLostException($"instance {me.Name} is shutting down"));
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _stopping.Dispose();
    }

    /// <summary>One answer from <paramref name="instance"/>.</summary>
    /// <exception cref="RequestRefusedException">Refused there, or the instance is not reachable.</exception>
    /// <exception cref="VantageLostException">The instance, or the agent the work ran on, went away.</exception>
    internal async Task<T> CallAsync<T>(string instance, PeerCall<T> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(Options.CallTimeoutSeconds));
        await using var pending = await SendAsync(instance, call, timeout.Token);
        try
        {
            var reply = await pending.Reader.ReadAsync(timeout.Token);
            return Read<T>(Check(reply, instance));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw RequestRefusedException.Conflict($"instance {instance} did not answer within {Options.CallTimeoutSeconds} s ({ScaleOutOptions.Section}:CallTimeoutSeconds)");
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>A stream from <paramref name="instance"/>; ending the enumeration early tells it to stop.</summary>
    internal async IAsyncEnumerable<T> StreamAsync<T>(string instance, PeerStream<T> call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await using var pending = await SendAsync(instance, call, linked.Token);
        while (true)
        {
            PeerMessage message;
            try
            {
                message = await pending.Reader.ReadAsync(linked.Token);
            }
            catch (ChannelClosedException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }

            Check(message, instance);
            if (message.Type == PeerMessageTypes.End)
            {
                pending.Ended = true;
                yield break;
            }

            yield return Read<T>(message);
        }
    }

    private async Task<PendingCall> SendAsync(string instance, PeerCall request, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var call = new PendingCall(this, id, instance);
        _pending[id] = call;
        long receivers;
        try
        {
            receivers = await PublishAsync(instance, new PeerMessage(PeerMessage.CurrentVersion, PeerMessageTypes.Call, id, me.Name, request));
        }
        catch
        {
            _pending.TryRemove(id, out _);
            throw;
        }

        if (receivers == 0)
        {
            _pending.TryRemove(id, out _);
            throw new VantageLostException($"instance {instance} is not connected to Redis");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return call;
    }

    /// <summary>The instance's lease expired: whatever waits on it ends as lost.</summary>
    public void InstanceGone(string instance)
    {
        foreach (var call in _pending.Values.Where(c => c.Instance == instance))
        {
            call.Fail(new VantageLostException($"instance {instance} stopped (its lease expired)"));
        }
    }

    internal Task<long> PublishAsync(string instance, PeerMessage message) =>
        redis.GetSubscriber().PublishAsync(ChannelOf(instance), JsonSerializer.Serialize(message, AgentJson.Options));

    private void Receive(RedisValue value)
    {
        PeerMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<PeerMessage>(value.ToString(), AgentJson.Options);
        }
        catch (JsonException e)
        {
            // A message of another version may not read as this one: its version says why.
            if (PeerVersions.Of(value.ToString()) is { } version && version != PeerMessage.CurrentVersion)
            {
                ScaleOutLog.VersionRefused(logger, version, "?", PeerMessage.CurrentVersion);
                return;
            }

            ScaleOutLog.BadMessage(logger, e.Message);
            return;
        }

        if (message is not null && message.Version != PeerMessage.CurrentVersion)
        {
            Refuse(message);
            return;
        }

        switch (message?.Type)
        {
            case PeerMessageTypes.Call:
                Answer(message);
                break;
            case PeerMessageTypes.Cancel:
                if (_answering.TryGetValue(message.Id, out var answering))
                {
                    answering.Cancel();
                }

                break;
            case not null when _pending.TryGetValue(message.Id, out var call):
                call.Deliver(message);
                break;
        }
    }

    private static PeerMessage Check(PeerMessage message, string instance)
    {
        if (message.ErrorKind is null)
        {
            return message;
        }

        if (message.ErrorKind == PeerHandlers.Lost)
        {
            throw new VantageLostException(message.Error ?? $"the work at instance {instance} was lost");
        }

        throw Enum.TryParse<ErrorKind>(message.ErrorKind, out var kind)
            ? new RequestRefusedException(kind, message.Error ?? "refused")
            : RequestRefusedException.Conflict($"instance {instance}: {message.Error}");
    }

    private static T Read<T>(PeerMessage message) => message.Body is { ValueKind: not JsonValueKind.Null } body ? AgentJson.Read<T>(body) : default!;

    /// <summary>A call waiting for its answer: the messages it was sent, in order, bounded.</summary>
    private sealed class PendingCall(PeerBus bus, string id, string instance) : IAsyncDisposable
    {
        private readonly Channel<PeerMessage> _messages = Channel.CreateBounded<PeerMessage>(
            new BoundedChannelOptions(MaxWaiting) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropWrite });

        public string Instance => instance;

        public ChannelReader<PeerMessage> Reader => _messages.Reader;

        /// <summary>The answer is complete: nothing to cancel there.</summary>
        public bool Ended { get; set; }

        public void Deliver(PeerMessage message)
        {
            if (message.Type is PeerMessageTypes.Reply or PeerMessageTypes.End || message.ErrorKind is not null)
            {
                Ended = true;
            }

            if (!_messages.Writer.TryWrite(message))
            {
                Fail(new VantageLostException($"the relay from instance {instance} fell behind ({MaxWaiting} messages waiting)"));
            }
        }

        public void Fail(Exception reason) => _messages.Writer.TryComplete(reason);

        public async ValueTask DisposeAsync()
        {
            bus._pending.TryRemove(id, out _);
            if (!Ended)
            {
                try
                {
                    await bus.PublishAsync(instance, new PeerMessage(PeerMessage.CurrentVersion, PeerMessageTypes.Cancel, id, bus.Instance));
                }
                catch (RedisException)
                {
                    // Redis is gone: the other side's stream ends when its own publishes fail.
                }
            }
        }
    }
}
