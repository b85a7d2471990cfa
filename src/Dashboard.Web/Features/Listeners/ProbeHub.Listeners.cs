using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>Opens a TCP or UDP listener on the dashboard's host; it stops after its TTL or on <see cref="CloseListener"/>.</summary>
    public ListenerInfo CreateListener(ListenerRequest request, ListenerManager listeners) => listeners.Create(request, Owner).Info();

    /// <summary>Open and recently stopped listeners, newest first.</summary>
    public IEnumerable<ListenerInfo> ListListeners(ListenerManager listeners) => listeners.List().Select(l => l.Info());

    /// <summary>A listener's kept history, then its events live, until it stops.</summary>
    public IAsyncEnumerable<ListenerEvent> WatchListener(string listenerId, ListenerManager listeners, CancellationToken cancellationToken) =>
        listeners.Get(listenerId).WatchAsync(cancellationToken);

    /// <summary>Stops a listener; its watchers get a last <c>stopped</c> event.</summary>
    public Task CloseListener(string listenerId, ListenerManager listeners) =>
        listeners.Get(listenerId).StopAsync($"closed by {Owner}");
}
