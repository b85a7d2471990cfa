using System.Text.Json;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>Opens a TCP or UDP listener (<c>ListenerRequest</c>) on the dashboard's host; it stops after its TTL or on <see cref="CloseListener"/>.</summary>
    public Task<ListenerInfo> CreateListener(JsonElement request, ListenerService listeners) =>
        listeners.OpenAsync(Actor, WireJson.Bind<ListenerRequest>(request), Context.ConnectionAborted);

    /// <summary>Open and recently stopped listeners, newest first.</summary>
    public IReadOnlyList<ListenerInfo> ListListeners(ListenerService listeners) => listeners.List(Actor);

    /// <summary>A listener's kept history, then its events live, until it stops.</summary>
    public IAsyncEnumerable<ListenerEvent> WatchListener(string listenerId, ListenerService listeners, CancellationToken cancellationToken) =>
        listeners.WatchAsync(Actor, listenerId, cancellationToken);

    /// <summary>Sends bytes (<c>ListenerSendRequest</c>) into a listener's TCP connection or to a UDP source it heard from; returns the sent event.</summary>
    public Task<ListenerEvent> SendThroughListener(string listenerId, JsonElement request, ListenerService listeners) =>
        listeners.SendAsync(Actor, listenerId, WireJson.Bind<ListenerSendRequest>(request), Context.ConnectionAborted);

    /// <summary>Stops a listener (its owner or an Admin); its watchers get a last <c>stopped</c> event.</summary>
    public Task CloseListener(string listenerId, ListenerService listeners) => listeners.CloseAsync(Actor, listenerId);
}
