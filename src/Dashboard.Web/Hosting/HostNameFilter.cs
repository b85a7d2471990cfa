using System.Net;
using Microsoft.Extensions.Primitives;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Answers only requests whose <c>Host</c> is a loopback name (<c>localhost</c>, <c>*.localhost</c>,
/// <c>127.x.x.x</c>, <c>[::1]</c>, any port) or matches ASP.NET Core's <c>AllowedHosts</c> setting
/// (<c>dash.example.org;*.example.org</c>; <c>*</c> allows any). Everything else gets a 400 before
/// anything runs. This defeats DNS rebinding: a page of evil.example whose name was pointed at the
/// dashboard's address reaches it with <c>Host: evil.example</c> and is turned away.
/// </summary>
/// <remarks>
/// It stands in for the framework's host filtering, which cannot express "any 127.x.x.x" and
/// answers with an HTML page; <see cref="WebSecurityExtensions.AddWebSecurity"/> switches that off.
/// </remarks>
internal sealed class HostNameFilter(RequestDelegate next, AllowedHostNames allowed, ILogger<HostNameFilter> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        // HTTP/1.0 may omit Host; browsers never do, so such a request is not a rebinding attempt.
        if (!host.HasValue || allowed.Accepts(host))
        {
            return next(context);
        }

        SecurityLog.HostRefused(logger, host.Host);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Bad request: this dashboard does not answer to that host name. Its operator lists the names it answers to in AllowedHosts.\n");
    }
}

/// <summary>The host names the dashboard answers to: loopback names always, and the <c>AllowedHosts</c> patterns.</summary>
public sealed class AllowedHostNames
{
    public const string Setting = "AllowedHosts";

    private readonly StringSegment[] _patterns;

    public AllowedHostNames(IConfiguration configuration)
    {
        Patterns = (configuration[Setting] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _patterns = [.. Patterns.Select(p => new StringSegment(p))];
    }

    /// <summary>The configured patterns; empty, or loopback names alone, means loopback names only.</summary>
    public IReadOnlyList<string> Patterns { get; }

    public bool AllowsAny => Patterns.Contains("*");

    public bool Accepts(HostString host) => IsLoopback(host.Host) || AllowsAny || HostString.MatchesAny(host.Value, _patterns);

    /// <summary><c>localhost</c>, a name under <c>.localhost</c> (RFC 6761), or a loopback address literal.</summary>
    public static bool IsLoopback(string host)
    {
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var literal = name.StartsWith('[') && name.EndsWith(']') ? name[1..^1] : name;
        return IPAddress.TryParse(literal, out var address) && IPAddress.IsLoopback(address);
    }
}
