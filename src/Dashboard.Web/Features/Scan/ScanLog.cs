namespace Dashboard.Web.Features.Scan;

internal static partial class ScanLog
{
    [LoggerMessage(EventId = 2001, EventName = "ScanStarted", Level = LogLevel.Information,
        Message = "Scan {ScanId} started by {Owner}: {Targets} × {Ports} = {Total} probes, timeout {TimeoutMs} ms, concurrency {Concurrency}")]
    public static partial void Started(ILogger logger, string scanId, string owner, int targets, int ports, long total, int timeoutMs, int concurrency);

    [LoggerMessage(EventId = 2002, EventName = "ScanFinished", Level = LogLevel.Information,
        Message = "Scan {ScanId} {Outcome}: {Completed}/{Total} probes, {Open} open, in {ElapsedMs:F0} ms")]
    public static partial void Finished(ILogger logger, string scanId, Dashboard.Contracts.Scan.ScanOutcome outcome, long completed, long total, long open, double elapsedMs);

    [LoggerMessage(EventId = 2003, EventName = "ScanFailed", Level = LogLevel.Error, Message = "Scan {ScanId} failed")]
    public static partial void Failed(ILogger logger, string scanId, Exception exception);

    [LoggerMessage(EventId = 2004, EventName = "ScanCancelled", Level = LogLevel.Information, Message = "Scan {ScanId} cancelled: {Reason}")]
    public static partial void Cancelled(ILogger logger, string scanId, string reason);
}
