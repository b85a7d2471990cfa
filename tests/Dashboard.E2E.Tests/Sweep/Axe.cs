using System.Text.Json;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Sweep;

/// <summary>
/// axe-core (the pinned copy in Axe/axe.min.js, from npm, MPL-2.0) run inside a page. The page's
/// Content-Security-Policy forbids injected scripts, so the sweep's browser context bypasses CSP; the
/// app's own pages are checked against CSP by every other browser test.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Axe", "axe.min.js")));

    /// <summary>Impacts that fail the sweep: moderate and worse (minor ones are reported by axe, not failed here).</summary>
    private static readonly string[] Failing = ["moderate", "serious", "critical"];

    /// <summary>One line per violation of impact moderate or worse: rule, impact, help, and the first elements.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Source.Value });
        }

        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.split('\n').slice(1).join(' ') : ''))
              }));
            }
            """);
        return [.. json.EnumerateArray()
            .Where(v => Failing.Contains(v.GetProperty("impact").GetString()))
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()}\n      " +
                         string.Join("\n      ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))];
    }
}
