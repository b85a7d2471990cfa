using System.Text.Json;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Features.Agents;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// Which agent is connected to which instance (a Redis key per agent, renewed while connected, gone a few seconds after it
/// leaves), and the listeners of the other live instances (asked of them when a user lists or opens one).
/// </summary>
internal sealed class PeerDirectory(IConnectionMultiplexer redis, InstanceIdentity me, IOptions<ScaleOutOptions> options, AgentConnections agents,
    InstanceLeases leases, PeerBus bus, RemoteListeners remoteListeners, IOptions<Sockets.Scanning.ScanOptions> scanOptions,
    ILogger<RemoteVantagePoint> agentLogger, ILogger<PeerDirectory> logger) : BackgroundService, IAgentLocator, Features.Listeners.IListenerDirectory
{
    /// <summary>How often this instance says which agents it has.</summary>
    public static readonly TimeSpan Renew = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a key lives unrenewed: ten renewals, so a loaded instance whose timer runs late does not have its agents
    /// look offline to the others (at three, a relayed request was refused under load); an agent that leaves has its key
    /// deleted at once, so only an instance that dies leaves one this long.
    /// </summary>
    public static readonly TimeSpan KeyLifetime = Renew * 10;

    /// <summary>How long a listing waits for the other instances.</summary>
    public static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(5);

    private RedisKey KeyOf(string agentId) => $"{options.Value.ChannelPrefix}:agent:{agentId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Renew);
        var told = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            try
            {
                var db = redis.GetDatabase();
                // Only once it has said hello: before that the others could not send it work (they ask for its hello first).
                var now = agents.All().Where(a => a.Hello is not null).Select(a => a.AgentId).ToHashSet(StringComparer.Ordinal);
                foreach (var agentId in now)
                {
                    await db.StringSetAsync(KeyOf(agentId), me.Name, KeyLifetime);
                }

                foreach (var left in told.Except(now))
                {
                    // Only if still this instance's: the agent may have connected to another one meanwhile.
                    await db.ScriptEvaluateAsync("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
                        [KeyOf(left)], [me.Name]);
                }

                told = now;
            }
            catch (RedisException e)
            {
                ScaleOutLog.PresenceFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<IVantagePoint?> FindAsync(AgentRecord agent, CancellationToken cancellationToken)
    {
        var instance = await InstanceOfAsync(agent.Id);
        if (instance is null || instance == me.Name)
        {
            return null;
        }

        // What the agent said there: its capabilities decide what it is sent, as for an agent connected here.
        var hello = await bus.CallAsync(instance, new GreetingOfAgent(agent.Id), cancellationToken);
        return hello is null ? null : Through(instance, agent.Id, agent.Name, hello);
    }

    public async Task<bool> IsOnlineAsync(string agentId, CancellationToken cancellationToken) => await InstanceOfAsync(agentId) is { } instance && instance != me.Name;

    public async Task DisconnectAsync(string agentId, CancellationToken cancellationToken)
    {
        if (await InstanceOfAsync(agentId) is { } instance && instance != me.Name)
        {
            try
            {
                await bus.CallAsync(instance, new DisconnectAgent(agentId), cancellationToken);
            }
            catch (Exception e) when (e is RequestRefusedException or VantageLostException or RedisException)
            {
                // That instance is gone, and the agent's connection with it; revoked, its token is refused wherever it reconnects.
            }
        }
    }

    private async Task<string?> InstanceOfAsync(string agentId)
    {
        var value = await redis.GetDatabase().StringGetAsync(KeyOf(agentId));
        return value.HasValue ? value.ToString() : null;
    }

    public IReadOnlyList<IVantageListener> Listeners()
    {
        var asked = leases.Peers.Select(async peer =>
        {
            using var timeout = new CancellationTokenSource(ListTimeout);
            try
            {
                var infos = await bus.CallAsync(peer, new ListListeners(), timeout.Token);
                return (infos ?? []).Select(info => Wrap(peer, info));
            }
            catch (Exception e) when (e is RequestRefusedException or VantageLostException or OperationCanceledException or RedisException or JsonException)
            {
                // An instance that does not answer lists nothing: its listeners show again once it does.
                return [];
            }
        });
        return [.. Task.WhenAll(asked).GetAwaiter().GetResult().SelectMany(l => l)];
    }

    public IVantageListener? Find(string listenerId)
    {
        foreach (var peer in leases.Peers)
        {
            using var timeout = new CancellationTokenSource(ListTimeout);
            try
            {
                if (bus.CallAsync(peer, new FindListener(listenerId), timeout.Token).GetAwaiter().GetResult() is { } info)
                {
                    return Wrap(peer, info);
                }
            }
            catch (Exception e) when (e is RequestRefusedException or VantageLostException or OperationCanceledException or RedisException or JsonException)
            {
                // Not reachable: not found there.
            }
        }

        return null;
    }

    private PeerListener Wrap(string instance, ListenerInfo info) =>
        new(instance, info, Through(instance, "", info.From ?? LocalVantagePoint.ServerName, hello: null), bus);

    private RemoteVantagePoint Through(string instance, string agentId, string name, AgentHello? hello) =>
        new(agentId, name, new PeerAgentLink(instance, agentId, hello, bus, agents.Options), remoteListeners, scanOptions.Value, agentLogger);
}
