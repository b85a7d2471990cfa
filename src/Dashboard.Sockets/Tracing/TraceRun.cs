using Dashboard.Contracts.Trace;

namespace Dashboard.Sockets.Tracing;

/// <summary>
/// The grid of a trace in progress: tries per hop as they come back (out of order, several hops in flight), where
/// the trace stops, and the hops complete in order so far.
/// </summary>
internal sealed class TraceRun(int maxHops, int tries, int silentHopsToStop)
{
    private readonly TraceTry?[][] _tries = Enumerable.Range(0, maxHops + 1).Select(_ => new TraceTry?[tries]).ToArray();
    private readonly int[] _answered = new int[maxHops + 1];
    private int _emitted;

    /// <summary>The last hop still worth a probe: lowered when the target or a refusal answers, or a silent stretch is long enough.</summary>
    public int StopAt { get; private set; } = maxHops;

    /// <summary>Records what came back for try <paramref name="index"/> of hop <paramref name="hop"/>.</summary>
    public void Record(int hop, int index, TraceTry result)
    {
        if (hop > StopAt)
        {
            return;
        }

        _tries[hop][index] = result;
        _answered[hop]++;
        if (result.Reply is TraceReply.Open or TraceReply.Refused or TraceReply.Unreachable or TraceReply.Error)
        {
            StopAt = Math.Min(StopAt, hop);
        }

        StopAfterSilence();
    }

    /// <summary>Hops complete (every try back) that were not taken before, in order.</summary>
    public List<TraceHop> TakeCompleted()
    {
        var hops = new List<TraceHop>();
        while (_emitted < StopAt && IsComplete(_emitted + 1))
        {
            _emitted++;
            hops.Add(HopOf(_emitted));
        }

        return hops;
    }

    /// <summary>Whatever hops are left once nothing more will come back (a trace stopped by its time limit): the tries that did.</summary>
    public List<TraceHop> TakeRest()
    {
        var hops = new List<TraceHop>();
        while (_emitted < StopAt && _answered[_emitted + 1] > 0)
        {
            _emitted++;
            hops.Add(HopOf(_emitted));
        }

        return hops;
    }

    private bool IsComplete(int hop) => _answered[hop] == tries;

    private bool IsSilent(int hop) => IsComplete(hop) && _tries[hop].All(t => t!.Reply == TraceReply.NoReply);

    private TraceHop HopOf(int hop) => new(hop, _tries[hop].Where(t => t is not null).Select(t => t!).ToArray());

    // A stretch of silent hops ends the trace only when no hop beyond it has answered: a router that does not send
    // "time exceeded" is a gap in the middle, not the end of the path.
    private void StopAfterSilence()
    {
        for (var last = silentHopsToStop; last <= StopAt; last++)
        {
            var stretch = Enumerable.Range(last - silentHopsToStop + 1, silentHopsToStop);
            if (stretch.All(IsSilent) && !Enumerable.Range(last + 1, StopAt - last).Any(h => _tries[h].Any(t => t is { Reply: not TraceReply.NoReply })))
            {
                StopAt = last;
                return;
            }
        }
    }
}
