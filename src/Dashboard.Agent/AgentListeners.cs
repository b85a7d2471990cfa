using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Agent;

/// <summary>
/// The agent's listeners: opened by the engine's listener manager (its caps and TTLs hold here too),
/// each with a pump that sends its events to the dashboard in small batches.
/// </summary>
public sealed class AgentListeners(ListenerManager manager)
{
    public Task RunExpiryAsync(CancellationToken cancellationToken) => manager.RunExpiryAsync(cancellationToken);

    /// <exception cref="RequestRefusedException">A rule or a cap broken, or the bind failed.</exception>
    public ListenerInfo Open(HubConnection connection, ListenerRequest request, string owner,
        IReadOnlyList<Dashboard.Sockets.UnixSockets.UnixPathAllowance> unixAllowances)
    {
        var listener = manager.Create(request, owner, unixAllowances, "this agent");
        _ = PumpAsync(connection, listener);
        return listener.Info();
    }

    /// <exception cref="RequestRefusedException">Not found.</exception>
    public async Task<ListenerInfo> CloseAsync(string listenerId, string reason)
    {
        var listener = manager.Get(listenerId);
        await listener.StopAsync(reason);
        return listener.Info();
    }

    /// <summary>Sends by hand into one of its conversations; a UDP peer is checked against this agent's policy as replies are.</summary>
    /// <exception cref="RequestRefusedException">Not found, stopped, or the peer refused.</exception>
    /// <exception cref="InvalidRequestException">A bad request, or the send failed.</exception>
    public Task<ListenerEvent> SendAsync(AgentListenerSend send, CancellationToken cancellationToken) =>
        manager.Get(send.ListenerId).SendAsync(send.Request, send.Sender, cancellationToken);

    public async Task StopAllAsync(string reason)
    {
        foreach (var listener in manager.List().Where(l => !l.IsStopped))
        {
            await listener.StopAsync(reason, ListenerState.Interrupted);
        }
    }

    private static async Task PumpAsync(HubConnection connection, RunningListener listener)
    {
        try
        {
            await foreach (var events in Batches.ReadAsync(listener.WatchAsync(CancellationToken.None), 256, TimeSpan.FromMilliseconds(50),
                CancellationToken.None))
            {
                await connection.InvokeAsync(AgentHubRoutes.ListenerUpdate, new AgentListenerUpdate(listener.Info(), events));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Microsoft.AspNetCore.SignalR.HubException or OperationCanceledException)
        {
            // The dashboard is gone: the listener is useless without it.
            await listener.StopAsync("the agent's connection to the dashboard dropped", ListenerState.Interrupted);
        }
    }
}
