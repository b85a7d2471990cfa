using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;

namespace Dashboard.Sockets.Tests.Support;

/// <summary>Reads a listener's events until a condition holds, with a deadline so a missing event fails the test instead of hanging it.</summary>
internal static class ListenerEvents
{
    public static async Task<List<ListenerEvent>> UntilAsync(RunningListener listener, Func<List<ListenerEvent>, bool> done, int seconds = 10)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
        var events = new List<ListenerEvent>();
        try
        {
            await foreach (var e in listener.WatchAsync(deadline.Token))
            {
                events.Add(e);
                if (done(events))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"events so far: {string.Join(", ", events.Select(e => $"{e.Seq}:{e.Kind}"))}");
        }

        return events;
    }
}
