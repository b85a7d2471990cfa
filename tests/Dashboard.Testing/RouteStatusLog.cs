using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dashboard.Tests.Support;

/// <summary>One answer a test host gave: the request's method and path, the route it matched (null when none) and the status.</summary>
public sealed record AnsweredRequest(string Method, string Path, string? RoutePattern, int Status);

/// <summary>
/// Every answer every <see cref="DashboardHost"/> of this test process gave, so a test that runs after the others can
/// check that each status the OpenAPI document promises was really produced by some test. Bounded: a repeat of a
/// (method, route, status) already seen is not kept again.
/// </summary>
public static class RouteStatusLog
{
    private const int MaxKept = 50_000;
    private static readonly ConcurrentDictionary<(string Method, string Key, int Status), AnsweredRequest> Answers = new();

    public static IReadOnlyCollection<AnsweredRequest> All => [.. Answers.Values];

    internal static void Record(HttpContext context)
    {
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var key = pattern ?? context.Request.Path.Value ?? "";
        if (Answers.Count < MaxKept)
        {
            Answers.TryAdd((context.Request.Method, key, context.Response.StatusCode),
                new AnsweredRequest(context.Request.Method, context.Request.Path.Value ?? "", pattern, context.Response.StatusCode));
        }
    }
}

/// <summary>Puts the recording first in a test host's pipeline, so it sees the final status of every request.</summary>
internal sealed class RouteStatusRecorder : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                RouteStatusLog.Record(context);
            }
        });
        next(app);
    };
}
