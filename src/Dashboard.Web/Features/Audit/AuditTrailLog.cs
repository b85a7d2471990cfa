namespace Dashboard.Web.Features.Audit;

internal static partial class AuditTrailLog
{
    [LoggerMessage(EventId = 6001, EventName = "AuditRowsDropped", Level = LogLevel.Warning,
        Message = "Audit trail: {Total} rows dropped so far (the queue was full or the database refused a batch)")]
    public static partial void Dropped(ILogger logger, long total);

    [LoggerMessage(EventId = 6002, EventName = "AuditBatchFailed", Level = LogLevel.Error,
        Message = "Audit trail: writing {Count} rows failed; they are dropped")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);
}
