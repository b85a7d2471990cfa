using System.Text.Json;
using Dashboard.Contracts.Identify;
using Dashboard.Web.Features.Identify;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>Identifies what answers on one port (<c>IdentifyRequest</c>); bad input is a <c>HubException</c>.</summary>
    public Task<IdentifyResult> Identify(JsonElement request, IdentifyService identify) =>
        identify.IdentifyAsync(Actor, WireJson.Bind<IdentifyRequest>(request), Context.ConnectionAborted);

    /// <summary>Identifies a list of <c>host:port</c> (<c>IdentifyBatchRequest</c>), streaming each result as it is done.</summary>
    public Task<IAsyncEnumerable<IdentifyResult>> IdentifyMany(JsonElement request, IdentifyBatches batches, CancellationToken cancellationToken) =>
        batches.ListAsync(Actor, WireJson.Bind<IdentifyBatchRequest>(request), cancellationToken);

    /// <summary>Identifies the open ports of a finished scan, from where it ran, streaming each result as it is done.</summary>
    public Task<IAsyncEnumerable<IdentifyResult>> IdentifyScan(string scanId, IdentifyBatches batches, CancellationToken cancellationToken) =>
        batches.ScanAsync(Actor, scanId, null, cancellationToken);
}
