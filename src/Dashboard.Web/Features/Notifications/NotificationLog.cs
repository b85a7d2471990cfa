namespace Dashboard.Web.Features.Notifications;

/// <summary>The notifications' log lines: per delivery that failed, per drop, per worker fault; never per success.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 9101, EventName = "NotificationFailed", Level = LogLevel.Warning,
        Message = "Notification {Event} to channel {Channel} failed: {Error}")]
    public static partial void Failed(ILogger logger, string @event, string channel, string error);

    [LoggerMessage(EventId = 9102, EventName = "NotificationDropped", Level = LogLevel.Warning,
        Message = "Notification {Event} to channel {Channel} dropped: the delivery queue is full ({Capacity}); {Dropped} dropped since the start")]
    public static partial void Dropped(ILogger logger, string @event, string channel, int capacity, long dropped);

    [LoggerMessage(EventId = 9103, EventName = "NotificationWorkerFault", Level = LogLevel.Error,
        Message = "Delivering a notification to channel {Channel} failed unexpectedly")]
    public static partial void WorkerFault(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 9104, EventName = "NotificationQueueFault", Level = LogLevel.Error,
        Message = "The notification queue could not take back this instance's claims at start; they wait until their lease runs out")]
    public static partial void QueueFault(ILogger logger, Exception exception);
}
