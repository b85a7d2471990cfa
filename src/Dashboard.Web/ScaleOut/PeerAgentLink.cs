using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// An agent connected to another instance, reached through it: each command goes there as it is, in one
/// <see cref="RelayToAgent"/>, and the agent's chunks and reply come back as the agent sent them, to be checked here by
/// the <see cref="RemoteVantagePoint"/> as if the agent were connected here. A listener it opens is followed at that
/// instance, where its events arrive.
/// </summary>
internal sealed class PeerAgentLink(string instance, string agentId, AgentHello? hello, PeerBus bus, AgentHubOptions options) : IAgentLink
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _relaying = new(StringComparer.Ordinal);

    /// <summary>The instance the agent is connected to.</summary>
    public string Instance => instance;

    public bool IsConnected => hello is not null;

    public AgentHello? Hello => hello;

    public int CommandTimeoutSeconds => options.CommandTimeoutSeconds;

    public Task<PendingCommand> SendAsync(AgentCommandKind kind, object payload, bool streams, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = new AgentCommand(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), kind, AgentJson.ToElement(payload));
        var chunks = streams
            ? Channel.CreateBounded<AgentScanChunk>(new BoundedChannelOptions(options.ScanChunkBuffer) { SingleReader = true, SingleWriter = true })
            : null;
        var pending = new PendingCommand(command.Id, kind, chunks);
        var stop = new CancellationTokenSource();
        _relaying[command.Id] = stop;
        _ = RelayAsync(command, pending, stop);
        return Task.FromResult(pending);
    }

    public async Task CancelAsync(string commandId)
    {
        // Ending the relay tells the agent's instance, which cancels the command at the agent.
        if (_relaying.TryGetValue(commandId, out var stop))
        {
            await stop.CancelAsync();
        }
    }

    public async Task<IVantageListener> FollowAsync(RemoteVantagePoint vantage, ListenerInfo info, string owner, CancellationToken cancellationToken)
    {
        var followed = await bus.CallAsync(instance, new FollowAgentListener(agentId, info, owner), cancellationToken)
            ?? throw RequestRefusedException.Conflict($"from: agent {vantage.Name} left instance {instance} while its listener {info.Id} opened; the listener ends with it");
        return new PeerListener(instance, followed, vantage, bus);
    }

    /// <summary>The agent's listeners are listed through the instance it is connected to (<see cref="PeerDirectory"/>).</summary>
    public IReadOnlyList<IVantageListener> Listeners() => [];

    private async Task RelayAsync(AgentCommand command, PendingCommand pending, CancellationTokenSource stop)
    {
        try
        {
            await foreach (var part in bus.StreamAsync(instance, new RelayToAgent(agentId, command), stop.Token))
            {
                if (part.Chunk is { } chunk && pending.Chunks is { } chunks)
                {
                    await chunks.Writer.WriteAsync(chunk, stop.Token);
                }

                if (part.Reply is { } reply)
                {
                    pending.End(reply);
                    return;
                }
            }

            pending.End(null, new VantageLostException($"instance {instance} ended the relay to agent {agentId} without the agent's reply"));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            pending.End(null, new VantageLostException($"the command to agent {agentId} was cancelled"));
        }
        catch (Exception e) when (e is RequestRefusedException or VantageLostException or StackExchange.Redis.RedisException or ChannelClosedException)
        {
            // Refused there (as a refusal), or the instance or the agent went away (as lost): the vantage point words it as for an agent here.
            pending.End(null, e);
        }
        finally
        {
            _relaying.TryRemove(command.Id, out _);
            stop.Dispose();
        }
    }
}
