using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Refuses (403) requests a page of another site made through a user's browser, which carries the
/// user's cookies: every request to the hub (<c>/hubs/*</c>) and the Blazor circuit (<c>/_blazor</c>),
/// negotiate and WebSocket upgrade alike, and state-changing API requests. WebSockets are not
/// covered by CORS, so without this any page could open the hub in a visitor's name. Requests
/// without an <c>Origin</c> (scripts, the .NET SignalR client) are not from a browser page and pass.
/// </summary>
internal sealed class OriginCheck(RequestDelegate next, IOptions<SecurityOptions> options, ILogger<OriginCheck> logger)
{
    private readonly IReadOnlySet<string> _allowed = options.Value.NormalizedOrigins();

    public Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || !IsGuarded(context.Request) || IsAllowed(origin, context.Request))
        {
            return next(context);
        }

        SecurityLog.ForeignOriginRefused(logger, context.Request.Method, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Refused: this request comes from a page of another site. Open the dashboard itself, or ask its operator to add that site to Security:AllowedOrigins.\n");
    }

    private static bool IsGuarded(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs") ||
        request.Path.StartsWithSegments("/_blazor") ||
        (request.Path.StartsWithSegments("/api") && !IsSafe(request.Method));

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private bool IsAllowed(string origin, HttpRequest request)
    {
        var normalized = Normalize(origin);
        return normalized is not null &&
               (string.Equals(normalized, SiteOf(request), StringComparison.OrdinalIgnoreCase) || _allowed.Contains(normalized));
    }

    /// <summary>This site's origin as the request reached it (scheme from a trusted proxy's X-Forwarded-Proto).</summary>
    private static string? SiteOf(HttpRequest request) =>
        request.Host.HasValue ? Normalize($"{request.Scheme}://{request.Host.Value}") : null;

    /// <summary>
    /// <c>scheme://host:port</c> in lower case with the port always written, or null when
    /// <paramref name="origin"/> is not an http(s) origin (a path, <c>null</c> from a sandboxed frame).
    /// </summary>
    internal static string? Normalize(string origin)
    {
        if (!Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return null;
        }

        return $"{uri.Scheme}://{uri.Host}:{uri.Port}".ToLowerInvariant();
    }
}
