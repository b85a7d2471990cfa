namespace Dashboard.Web.Hosting;

/// <summary>What the web security layer logs. Refusals log at Debug: anyone can cause them, as often as they like.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 1201, EventName = "HostRefused", Level = LogLevel.Debug,
        Message = "Refused a request for host {Host}: neither a loopback name nor in AllowedHosts")]
    public static partial void HostRefused(ILogger logger, string host);

    [LoggerMessage(EventId = 1202, EventName = "ForeignOriginRefused", Level = LogLevel.Debug,
        Message = "Refused {Method} {Path} from a page of another site (Origin not this site nor in Security:AllowedOrigins)")]
    public static partial void ForeignOriginRefused(ILogger logger, string method, PathString path);

    [LoggerMessage(EventId = 1203, EventName = "ExposedWithoutHostNames", Level = LogLevel.Warning,
        Message = "Listening on {Addresses} but AllowedHosts names no host: browsers elsewhere will get 400. Set AllowedHosts to the names the dashboard is reached by (docs/deploy.md)")]
    public static partial void ExposedWithoutHostNames(ILogger logger, string addresses);

    [LoggerMessage(EventId = 1204, EventName = "AnyHostAllowed", Level = LogLevel.Warning,
        Message = "AllowedHosts is *: any host name is answered, so a web page can reach the dashboard through DNS rebinding. List the names instead")]
    public static partial void AnyHostAllowed(ILogger logger);
}
