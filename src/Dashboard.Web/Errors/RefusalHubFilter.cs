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
        try
        {
            return await next(invocationContext);
        }
        catch (RequestRefusedException e)
        {
            metrics.Refused(e.Kind, Door.Hub);
            RefusalLog.Refused(logger, e, invocationContext.HubMethodName, Door.Hub, invocationContext.Context.GetHttpContext());
            throw new HubException(HubMessage(e), e);
        }
    }

    /// <summary>The sentence a hub client gets: the message, and when to retry if that is known.</summary>
    internal static string HubMessage(RequestRefusedException e) =>
        e.RetryAfter is { } retry ? $"{e.Message} (retry after {Math.Ceiling(retry.TotalSeconds):0} s)" : e.Message;
}
