using Dashboard.Contracts.Identify;
using Dashboard.Web.Access;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.History.Storage;

namespace Dashboard.Web.Features.Identify;

/// <summary>"Run again" for a stored service identification: through <see cref="IdentifyService"/>, so its rules, quota and audit hold.</summary>
public sealed class IdentifyRerunner(IdentifyService identify) : IHistoryRerunner
{
    public string Kind => HistoryKinds.Service;

    public async Task<string> RerunAsync(Actor actor, string requestJson, CancellationToken cancellationToken)
    {
        var result = await identify.IdentifyAsync(actor, JsonChunk.Read<IdentifyRequest>(requestJson), cancellationToken);
        return result.Id is { } id ? HistoryService.LinkOf(HistoryKinds.Service, id) : "identify";
    }
}
