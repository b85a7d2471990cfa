using System.Text.Json;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>One TCP connect probe (<c>ProbeRequest</c> → <c>ProbeResult</c>); refusals come back as a <c>HubException</c> naming the field.</summary>
    public Task<ProbeResult> Probe(JsonElement request, ProbeService probes) =>
        probes.ProbeAsync(Actor, WireJson.Bind<ProbeRequest>(request), Context.ConnectionAborted);
}
