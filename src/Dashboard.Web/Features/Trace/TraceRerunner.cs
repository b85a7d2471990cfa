using Dashboard.Contracts.Trace;
using Dashboard.Web.Access;
using Dashboard.Web.Features.History;

namespace Dashboard.Web.Features.Trace;

/// <summary>"Run again" for a stored trace: through <see cref="TraceService"/>, so role, policy, quota and audit hold.</summary>
public sealed class TraceRerunner(TraceService traces) : IHistoryRerunner
{
    public string Kind => HistoryKinds.Trace;

    public async Task<string> RerunAsync(Actor actor, string requestJson, CancellationToken cancellationToken)
    {
        var result = await traces.TraceAsync(actor, History.Storage.JsonChunk.Read<TraceRequest>(requestJson), null, cancellationToken);
        return result.Id is { } id ? HistoryService.LinkOf(HistoryKinds.Trace, id) : "trace";
    }
}
