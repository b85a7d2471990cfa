namespace Dashboard.Web.Hosting;

/// <summary>
/// The headers every response carries, set as it starts (so the error pages, which clear the
/// response and start over, get them too).
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>
    /// Scripts only from this site or with this response's nonce; no plugins, no framing, no
    /// connections elsewhere (Blazor's and the hub's WebSockets are same-origin, which 'self' covers).
    /// Inline styles stay allowed: MudBlazor renders its theme as a style element and positions
    /// popovers with style attributes, and Blazor sets them while it patches the page.
    /// </summary>
    public static string ContentSecurityPolicy(string? nonce) =>
        "default-src 'self'; " +
        (nonce is null ? "script-src 'self'; " : $"script-src 'self' 'nonce-{nonce}'; ") +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>Browser features the dashboard never uses; the clipboard stays, the share links need it.</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(CspNonce.Used(context));
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = PermissionsPolicy;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
