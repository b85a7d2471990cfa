using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Support;

/// <summary>
/// What went wrong in a browser context as Chromium saw it: Content-Security-Policy violations (the
/// <c>securitypolicyviolation</c> event and the console), console errors, uncaught errors, scripts or
/// stylesheets that failed to load, and requests that tried to leave loopback (aborted, never sent).
/// </summary>
public sealed class PageProblems
{
    private readonly ConcurrentQueue<string> _problems = new();

    private PageProblems()
    {
    }

    public IReadOnlyList<string> All => [.. _problems];

    /// <summary>Watches every page of <paramref name="context"/>, including those opened later; call before the first navigation.</summary>
    public static async Task<PageProblems> WatchAsync(IBrowserContext context)
    {
        var problems = new PageProblems();
        await context.ExposeFunctionAsync<string>("__reportCspViolation", violation => problems.Add($"CSP violation: {violation}"));
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window.__reportCspViolation(" +
            "`${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`));");
        await context.RouteAsync("**/*", route =>
        {
            if (IsLoopback(route.Request.Url))
            {
                return route.ContinueAsync();
            }

            problems.Add($"request off loopback: {route.Request.Url}");
            return route.AbortAsync();
        });
        context.Page += (_, page) => problems.Attach(page);
        return problems;
    }

    private void Attach(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.Ordinal) ||
                message.Text.Contains("Permissions-Policy", StringComparison.Ordinal))
            {
                // The browser reports a page that answers 404 as a failed load of the page itself
                // (at line 0): that is the not-found page doing its job.
                var isDocument404 = message.Text.Contains("status of 404", StringComparison.Ordinal) &&
                                    message.Location == $"{page.Url}:0:0";
                if (!isDocument404)
                {
                    Add($"console {message.Type} at {message.Location}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) => Add($"uncaught error on {page.Url}: {error}");
        page.RequestFailed += (_, request) =>
        {
            if (request.ResourceType is "script" or "stylesheet")
            {
                Add($"{request.ResourceType} failed: {request.Url}: {request.Failure}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Request.ResourceType is "script" or "stylesheet" or "font" or "image")
            {
                Add($"{response.Request.ResourceType} answered {response.Status}: {response.Url}");
            }
        };
    }

    private void Add(string problem) => _problems.Enqueue(problem);

    private static bool IsLoopback(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is "data" or "blob" or "about" ||
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
