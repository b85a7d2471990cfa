using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Features.Audit;

/// <summary>The audit trail's queue. Configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// Rows waiting to be written. Defaults to 10,000: minutes of a busy team's work, so only a database
    /// that stops answering fills it; beyond it rows are dropped (counted, shown on the audit page), never waited for.
    /// </summary>
    [Range(16, 1_000_000)]
    public int Capacity { get; set; } = 10_000;

    /// <summary>The most rows one database write holds. Defaults to 256.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 256;
}
