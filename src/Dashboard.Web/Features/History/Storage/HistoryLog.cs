namespace Dashboard.Web.Features.History.Storage;

internal static partial class HistoryLog
{
    [LoggerMessage(EventId = 6001, EventName = "HistoryJournalFailed", Level = LogLevel.Error,
        Message = "Scan {ScanId}: storing its results failed; it goes on, shown as results arrive, and the history may miss some")]
    public static partial void JournalFailed(ILogger logger, string scanId, Exception exception);

    [LoggerMessage(EventId = 6002, EventName = "HistoryRecovered", Level = LogLevel.Warning,
        Message = "History: {Count} items were running when the server last stopped without finishing them; they are now interrupted")]
    public static partial void Recovered(ILogger logger, int count);

    [LoggerMessage(EventId = 6003, EventName = "HistoryWriteFailed", Level = LogLevel.Error,
        Message = "History: storing {Kind} {ItemId} failed")]
    public static partial void WriteFailed(ILogger logger, string kind, string itemId, Exception exception);

    [LoggerMessage(EventId = 6004, EventName = "HistoryPruned", Level = LogLevel.Information,
        Message = "Retention: {Items} history items deleted ({Bytes} bytes; older than {Days} days or beyond {MaxMb} MB), {AuditRows} audit rows older than {AuditDays} days")]
    public static partial void Pruned(ILogger logger, int items, long bytes, int days, long maxMb, int auditRows, int auditDays);

    [LoggerMessage(EventId = 6005, EventName = "HistoryRetentionFailed", Level = LogLevel.Error, Message = "Retention failed; it runs again later")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);
}
