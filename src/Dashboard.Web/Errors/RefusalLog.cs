using Dashboard.Web.Access;

namespace Dashboard.Web.Errors;

internal static partial class RefusalLog
{
    /// <summary>One line per refused request, never a stack trace: refusals are answers, not failures.</summary>
    [LoggerMessage(EventId = 1001, EventName = "RequestRefused", Level = LogLevel.Information,
        Message = "Refused ({Kind}) {Operation} of {Actor} through {Door} from {Client}: {Reason}")]
    public static partial void Refused(ILogger logger, ErrorKind kind, string operation, string actor, Door door, string client, string reason);

    [LoggerMessage(EventId = 1002, EventName = "HubMethodFailed", Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    public static partial void HubMethodFailed(ILogger logger, string method, Exception exception);

    public static void Refused(ILogger logger, RequestRefusedException refusal, string operation, Door door, HttpContext? http)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var client = http?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var reason = LogText.Escape(refusal.Message);
        var actor = LogText.Escape(http?.User.Identity?.Name ?? "anonymous");
        var escapedOperation = LogText.Escape(operation);
        Refused(logger, refusal.Kind, escapedOperation, actor, door, client, reason);
    }
}

/// <summary>The structured scope every hub call and API request logs under: who, through which door.</summary>
internal static class ActorScope
{
    public static IDisposable? Begin(ILogger logger, HttpContext? http, Door door) =>
        logger.BeginScope(new Dictionary<string, object?>
        {
            ["Actor"] = LogText.Escape(http?.User.Identity?.Name ?? "anonymous"),
            ["Door"] = door.ToString(),
        });
}
