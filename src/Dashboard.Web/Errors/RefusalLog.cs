using Dashboard.Web.Access;

namespace Dashboard.Web.Errors;

internal static partial class RefusalLog
{
    /// <summary>One line per refused request, never a stack trace: refusals are answers, not failures.</summary>
    [LoggerMessage(EventId = 1001, EventName = "RequestRefused", Level = LogLevel.Information,
        Message = "Refused ({Kind}) {Operation} through {Door} from {Client}: {Reason}")]
    public static partial void Refused(ILogger logger, ErrorKind kind, string operation, Door door, string client, string reason);

    public static void Refused(ILogger logger, RequestRefusedException refusal, string operation, Door door, HttpContext? http)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var client = http?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var reason = LogText.Escape(refusal.Message);
        Refused(logger, refusal.Kind, operation, door, client, reason);
    }
}
