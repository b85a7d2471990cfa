using System.Net;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Who besides this site may talk to the dashboard from a browser, and which reverse proxies are
/// believed about the client. Configuration section <c>Security</c>. The host names the dashboard
/// answers to are ASP.NET Core's own <c>AllowedHosts</c> setting (see <see cref="HostNameFilter"/>).
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Origins (<c>https://tools.example.org</c>, scheme, host and port only) whose pages may open
    /// the hub and the Blazor circuit and send state-changing API requests, with CORS for them.
    /// Defaults to none: only pages of this site itself, so a page elsewhere cannot drive a
    /// signed-in browser against the dashboard.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// Reverse proxies (an address, or a network as <c>10.0.0.0/24</c>) whose <c>X-Forwarded-For</c>
    /// and <c>X-Forwarded-Proto</c> are believed. Defaults to none besides loopback, which is always
    /// trusted: anyone else could claim any client address, or https where there was none.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>The allowed origins as the browser sends them: lower case, no path, no default port.</summary>
    internal IReadOnlySet<string> NormalizedOrigins() =>
        AllowedOrigins.Select(o => OriginCheck.Normalize(o) ?? o).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The problems with these settings, each naming its setting; empty when they are fine.</summary>
    internal IEnumerable<string> Problems()
    {
        foreach (var origin in AllowedOrigins)
        {
            if (OriginCheck.Normalize(origin) is null)
            {
                yield return $"{Section}:AllowedOrigins: '{origin}' is not an origin; write scheme://host[:port], e.g. https://tools.example.org";
            }
        }

        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _))
            {
                yield return $"{Section}:KnownProxies: '{proxy}' is neither an address nor a network such as 10.0.0.0/24 (address bits past the prefix zero)";
            }
        }
    }
}

/// <summary>Stops the app at start on a setting that is not an origin, address or network, naming it.</summary>
internal sealed class SecurityOptionsValidation : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
