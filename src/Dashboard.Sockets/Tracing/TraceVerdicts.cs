using System.Net;
using Dashboard.Contracts.Trace;

namespace Dashboard.Sockets.Tracing;

/// <summary>Where a trace ended, as an outcome and a sentence naming the place.</summary>
internal static class TraceVerdicts
{
    public static (TraceOutcome Outcome, string Verdict) Decide(IReadOnlyList<TraceHop> hops, IPEndPoint target, int maxHops, bool timedOut,
        bool udp = false)
    {
        var endPoint = target.ToString();
        var last = hops.Count == 0 ? null : hops[^1];
        var tries = last?.Tries ?? [];
        if (tries.FirstOrDefault(t => t.Reply == TraceReply.Open) is not null)
        {
            return (TraceOutcome.Open, udp
                ? $"reached {endPoint} at hop {last!.Hop}, open: the host answered the datagram"
                : $"reached {endPoint} at hop {last!.Hop}, open: the host accepted the connection");
        }

        if (tries.FirstOrDefault(t => t.Reply == TraceReply.Refused) is not null)
        {
            return (TraceOutcome.Refused, udp
                ? $"reached {endPoint} at hop {last!.Hop}, closed: the host says port unreachable"
                : $"reached {endPoint} at hop {last!.Hop}, refused by the host");
        }

        if (tries.FirstOrDefault(t => t.Reply == TraceReply.Unreachable) is { } refusal)
        {
            return refusal.Address == target.Address.ToString()
                ? (TraceOutcome.Unreachable, $"reached {endPoint} at hop {last!.Hop}: the host says {refusal.Meaning}")
                : (TraceOutcome.Unreachable, $"hop {last!.Hop} ({refusal.Address}) says {refusal.Meaning}");
        }

        if (tries.FirstOrDefault(t => t.Reply == TraceReply.Error) is { } error)
        {
            return (TraceOutcome.Error, $"nothing could be sent from here: {error.Meaning}");
        }

        var answered = hops.LastOrDefault(h => h.Address is not null);
        var lastAnswer = answered is null ? "no hop answered" : $"the last answer came from hop {answered.Hop} ({answered.Address})";
        if (timedOut)
        {
            return (TraceOutcome.TimeLimit, $"stopped by the trace's time limit at hop {last?.Hop ?? 0}; {lastAnswer}");
        }

        if (last is not null && last.Hop == maxHops && last.Address is not null)
        {
            return (TraceOutcome.HopsExhausted, $"not reached within {maxHops} hops: hop {maxHops} ({last.Address}) still passes it on");
        }

        if (udp)
        {
            // A UDP service may stay silent: from here, silence at the target and a drop on the way are the same.
            return answered is null
                ? (TraceOutcome.OpenFiltered, "open|filtered: nothing answers, not even the first hop (a silent UDP service, or a drop on the way)")
                : (TraceOutcome.OpenFiltered,
                    $"open|filtered: nothing answers beyond hop {answered.Hop} ({answered.Address}): a silent UDP service there or further on, or a drop on the way");
        }

        return answered is null
            ? (TraceOutcome.Dropped, "dropped before hop 1: nothing answers, not even the first hop")
            : (TraceOutcome.Dropped, $"dropped after hop {answered.Hop} ({answered.Address}): nothing answers beyond it");
    }
}
