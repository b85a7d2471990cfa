using Dashboard.Contracts.Listeners;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// A listener open at another instance (on its own engine or on an agent connected there), seen from here: its info
/// as last told, its events relayed live, closing it asks that instance.
/// </summary>
internal sealed class PeerListener(string instance, ListenerInfo info, IVantagePoint vantage, PeerBus bus) : IVantageListener
{
    /// <summary>How long a read of its events waits for the other instance (the read is synchronous for the pages).</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private ListenerInfo _info = info;
    private int _watching;

    public string Id => _info.Id;

    public string Owner => _info.Owner;

    public bool IsStopped => _info.State != ListenerState.Listening;

    public DateTimeOffset CreatedAt => _info.CreatedAt;

    public IVantagePoint Vantage => vantage;

    /// <summary>The instance it is open at.</summary>
    public string Instance => instance;

    public int Watching => Volatile.Read(ref _watching);

    public ListenerInfo Info() => _info;

    public async IAsyncEnumerable<ListenerEvent> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watching);
        try
        {
            await foreach (var item in bus.StreamAsync(instance, new WatchListener(Id), cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _watching);
        }
    }

    public IReadOnlyList<ListenerEvent> EventsAfter(long after, int max)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        return bus.CallAsync(instance, new ReadListenerEvents(Id, after, max), timeout.Token)
            .GetAwaiter().GetResult() ?? [];
    }

    public Task<ListenerEvent> SendAsync(ListenerSendRequest request, string sender, CancellationToken cancellationToken) =>
        bus.CallAsync(instance, new SendToListener(Id, request, sender), cancellationToken);

    public async Task StopAsync(string reason, CancellationToken cancellationToken) =>
        _info = await bus.CallAsync(instance, new StopListener(Id, reason), cancellationToken);
}
