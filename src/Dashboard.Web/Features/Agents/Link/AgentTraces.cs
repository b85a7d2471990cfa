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
        var maxHops = Math.Min(request.MaxHops ?? TraceOptions.HopsCeiling, TraceOptions.HopsCeiling);
        var maxTries = Math.Min(request.Tries ?? TraceOptions.TriesCeiling, TraceOptions.TriesCeiling);
        var hops = (traced.Hops ?? []).Take(maxHops).ToArray();
        if (hops.Where((hop, i) => hop?.Hop != i + 1).Any())
        {
            throw RequestRefusedException.Conflict($"agent {agent} answered a trace whose hops are not numbered 1, 2, 3…");
        }

        return traced with
        {
            Host = request.Host, Address = request.Host, Port = request.Port, Verdict = AgentText.Clean(traced.Verdict, AgentText.MaxLine),
            Hops = [.. hops.Select(hop => new TraceHop(hop.Hop, [.. (hop.Tries ?? []).Take(maxTries).Select(Clean)]))],
            Id = null, From = null,
        };
    }

    private static TraceTry Clean(TraceTry tried) => tried with
    {
        Address = tried.Address is not null && HostName.TryParseAddress(tried.Address, out var address) ? address.ToString() : null,
        Meaning = AgentText.Clean(tried.Meaning, AgentText.MaxLine),
    };
}
