namespace Dashboard.Web.Features.Watches.Runs;

internal static partial class WatchLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A run of watch {WatchId} was dropped: the queue of runs to write is full (Watches:MaxPendingRuns)")]
    public static partial void RunDropped(ILogger logger, string watchId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} watch runs could not be written")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The alert of watch {WatchId} could not be queued")]
    public static partial void AlertFailed(ILogger logger, string watchId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watch {WatchId} could not run")]
    public static partial void RunFailed(ILogger logger, string watchId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} watch runs are written again: another instance wrote the same rows first ({Reason})")]
    public static partial void BatchRetried(ILogger logger, int count, string reason);
}
