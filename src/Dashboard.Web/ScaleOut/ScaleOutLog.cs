namespace Dashboard.Web.ScaleOut;

internal static partial class ScaleOutLog
{
    [LoggerMessage(EventId = 9000, EventName = "ScaleOutStarted", Level = LogLevel.Information,
        Message = "Scaled out as instance {Instance} with Redis {Redis}")]
    public static partial void Started(ILogger logger, string instance, string redis);

    [LoggerMessage(EventId = 9001, EventName = "PeerMessageUnreadable", Level = LogLevel.Warning, Message = "A message from another instance could not be read: {Problem}")]
    public static partial void BadMessage(ILogger logger, string problem);

    [LoggerMessage(EventId = 9002, EventName = "PeerAnswerFailed", Level = LogLevel.Error, Message = "Answering {Op} for another instance failed")]
    public static partial void AnswerFailed(ILogger logger, string op, Exception exception);

    [LoggerMessage(EventId = 9003, EventName = "PeerReplyLost", Level = LogLevel.Warning, Message = "A reply to instance {Instance} was lost: {Problem}")]
    public static partial void ReplyLost(ILogger logger, string instance, string problem);

    [LoggerMessage(EventId = 9004, EventName = "InstanceExpired", Level = LogLevel.Warning,
        Message = "Instance {Instance} stopped renewing its lease: {Count} of its scans and listeners marked interrupted")]
    public static partial void Expired(ILogger logger, string instance, int count);

    [LoggerMessage(EventId = 9005, EventName = "LeaseFailed", Level = LogLevel.Warning, Message = "Renewing this instance's lease failed: {Problem}")]
    public static partial void LeaseFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 9006, EventName = "PresenceFailed", Level = LogLevel.Warning, Message = "Telling Redis which agents are connected here failed: {Problem}")]
    public static partial void PresenceFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 9007, EventName = "ScanSignalFailed", Level = LogLevel.Warning,
        Message = "Telling other instances that more of a scan is stored failed (their mirrors look again within ScaleOut:MirrorPollMs): {Problem}")]
    public static partial void SignalFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 9008, EventName = "QuotasUnshared", Level = LogLevel.Warning,
        Message = "Redis cannot be reached for the shared per-minute quotas; each instance counts on its own meanwhile: {Problem}")]
    public static partial void QuotasUnshared(ILogger logger, string problem);

    [LoggerMessage(EventId = 9009, EventName = "AccessChangeUnshared", Level = LogLevel.Warning,
        Message = "Telling other instances about an access change failed (they re-read it within Auth:RecheckSeconds): {Problem}")]
    public static partial void AccessChangeUnshared(ILogger logger, string problem);

    [LoggerMessage(EventId = 9010, EventName = "PeerVersionRefused", Level = LogLevel.Error,
        Message = "A message from instance {Instance} was refused: it speaks peer protocol version {Version}, this instance version {Ours}. Every instance of a deployment must run the same version of the dashboard")]
    public static partial void VersionRefused(ILogger logger, int version, string instance, int ours);

    [LoggerMessage(EventId = 9011, EventName = "WatchChangeUnshared", Level = LogLevel.Warning,
        Message = "Telling other instances that watches changed failed (their pages catch up with the next run): {Problem}")]
    public static partial void WatchChangeUnshared(ILogger logger, string problem);
}
