namespace Dashboard.Web.Features.Watches.Pages;

/// <summary>
/// Coalesces a burst of change notices into as few re-reads as it takes: one runs at a time, and notices that arrive
/// while it runs make one more, not one each (a watch running every second must not queue a re-read per run).
/// </summary>
internal sealed class LiveReload(Func<Task> reload)
{
    private volatile bool _again;
    private int _running;

    public void Poke()
    {
        _again = true;
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = LoopAsync();
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (_again)
            {
                _again = false;
                await reload();
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
            // A notice between the loop's last look and the release above must not be lost.
            if (_again && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
            {
                _ = LoopAsync();
            }
        }
    }
}
