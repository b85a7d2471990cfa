using Dashboard.Web.Access;

namespace Dashboard.Web.Features.History;

/// <summary>
/// How a feature outside History does one of its stored items again (a trace, a TLS check, ...): through its own service,
/// so its role, rules, quota and audit hold. A feature registers one per kind it stores with
/// <see cref="Storage.IHistoryRecorder.AnsweredAsync"/>; History needs no reference to it.
/// </summary>
public interface IHistoryRerunner
{
    /// <summary>One of <see cref="HistoryKinds"/>.</summary>
    string Kind { get; }

    /// <summary>Does it again from the stored request (JSON, as the doors take it); the new item's page in the dashboard.</summary>
    /// <exception cref="RequestRefusedException">Refused by the feature's service.</exception>
    Task<string> RerunAsync(Actor actor, string requestJson, CancellationToken cancellationToken);
}
