using Dashboard.Web.Access;
using Dashboard.Web.Operations;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Errors;

/// <summary>
/// Turns a refusal from a feature service into a <see cref="HubException"/> whose message reaches the
/// caller as it is: what was wrong and what is allowed. The connection stays open.
/// </summary>
public sealed class RefusalHubFilter(DashboardMetrics metrics, ILogger<RefusalHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var scope = ActorScope.Begin(logger, invocationContext.Context.GetHttpContext(), Door.Hub);
        try
        {
            return await next(invocationContext);
        }
        catch (RequestRefusedException e)
        {
            throw Render(e, invocationContext.HubMethodName, invocationContext.Context.GetHttpContext());
        }
    }

    /// <summary>Counts and logs the refusal once, and makes the exception the caller receives.</summary>
    internal HubException Render(RequestRefusedException refusal, string method, HttpContext? http)
    {
        metrics.Refused(refusal.Kind, Door.Hub);
        RefusalLog.Refused(logger, refusal, method, Door.Hub, http);
        return new HubException(HubMessage(refusal), refusal);
    }

    /// <summary>The sentence a hub client gets: the message, and when to retry if that is known.</summary>
    internal static string HubMessage(RequestRefusedException e) =>
        e.RetryAfter is { } retry ? $"{e.Message} (retry after {Math.Ceiling(retry.TotalSeconds):0} s)" : e.Message;
}
