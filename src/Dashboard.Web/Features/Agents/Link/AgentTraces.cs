using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Trace;
using Dashboard.Sockets.Targets;
using Dashboard.Sockets.Tracing;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// An agent's trace taken only as far as it answers the request: at most the hops and tries asked for (and never past
/// the ceilings), numbered 1, 2, 3…, addresses that are addresses, texts cleaned and bounded; the target as the dashboard sent it.
/// </summary>
public static class AgentTraces
{
    /// <exception cref="RequestRefusedException">Conflict: the agent's hops are not numbered in order from 1.</exception>
    public static TraceResult Accept(string agent, TraceRequest request, TraceResult traced)
    {
        var hops = (traced.Hops ?? []).Take(MaxHops(request)).ToArray();
        if (hops.Where((hop, i) => hop?.Hop != i + 1).Any())
        {
            throw RequestRefusedException.Conflict($"agent {agent} answered a trace whose hops are not numbered 1, 2, 3…");
        }

        return traced with
        {
            Host = request.Host, Address = request.Host, Port = request.Port, Verdict = AgentText.Clean(traced.Verdict, AgentText.MaxLine),
            Hops = [.. hops.Select(hop => Clean(hop, request))],
            Id = null, From = null,
        };
    }

    /// <summary>A hop as the dashboard passes it on: at most the tries asked for, each cleaned.</summary>
    internal static TraceHop Clean(TraceHop hop, TraceRequest request) =>
        new(hop.Hop, [.. (hop.Tries ?? []).Take(Math.Min(request.Tries ?? TraceOptions.TriesCeiling, TraceOptions.TriesCeiling)).Select(Clean)]);

    internal static int MaxHops(TraceRequest request) => Math.Min(request.MaxHops ?? TraceOptions.HopsCeiling, TraceOptions.HopsCeiling);

    private static TraceTry Clean(TraceTry tried) => tried with
    {
        Address = tried.Address is not null && HostName.TryParseAddress(tried.Address, out var address) ? address.ToString() : null,
        Meaning = AgentText.Clean(tried.Meaning, AgentText.MaxLine),
    };
}

/// <summary>
/// The hops an agent streams while it traces (<see cref="AgentFeatures.TraceHopChunks"/>), passed on as they come, only
/// in order from hop 1 and within the request's bounds; the whole trace in the agent's reply is still the answer.
/// </summary>
internal sealed class LiveTraceHops(string agent, TraceRequest request, Func<TraceHop, CancellationToken, ValueTask>? onHop)
{
    /// <summary>How many hops were passed on so far: the reply's hops after these are passed on at the end.</summary>
    public int Passed { get; private set; }

    /// <exception cref="RequestRefusedException">Conflict: the agent streamed scan results, or hops out of order or beyond the request.</exception>
    public async ValueTask TakeAsync(AgentScanChunk chunk, CancellationToken cancellationToken)
    {
        if (chunk.PortCount > 0 || chunk.Hosts is { Count: > 0 })
        {
            throw RequestRefusedException.Conflict($"agent {agent} streamed scan results for a trace");
        }

        foreach (var hop in chunk.TraceHops ?? [])
        {
            if (hop?.Hop != Passed + 1 || hop.Hop > AgentTraces.MaxHops(request))
            {
                throw RequestRefusedException.Conflict($"agent {agent} streamed a trace whose hops are not numbered 1, 2, 3… within the {AgentTraces.MaxHops(request)} asked for");
            }

            Passed++;
            await (onHop?.Invoke(AgentTraces.Clean(hop, request), cancellationToken) ?? ValueTask.CompletedTask);
        }
    }
}
