using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Probing;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>One TCP connect probe; refused requests come back as a <c>HubException</c> naming the field.</summary>
    public Task<ProbeResult> Probe(ProbeRequest request, TcpProber prober) =>
        prober.ProbeAsync(request, Context.ConnectionAborted);
}
