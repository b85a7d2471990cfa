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
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            // A real failure: its stack trace is wanted, once, here (SignalR's own line is filtered out).
            RefusalLog.HubMethodFailed(logger, LogText.Escape(invocationContext.HubMethodName), e);
            throw;
        }
    }

    /// <summary>The category of SignalR's dispatcher, whose own error lines the host filters out.</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    /// <summary>Counts and logs the refusal once, and makes the exception the caller receives.</summary>
    internal HubException Render(RequestRefusedException refusal, string method, HttpContext? http)
    {
        metrics.Refused(refusal.Kind, Door.Hub);
        RefusalLog.Refused(logger, refusal, method, Door.Hub, http);
        // No inner exception: nothing further for a logger to print, no stack trace of an answer.
        return new HubException(HubMessage(refusal));
    }

    /// <summary>The sentence a hub client gets: the message, and when to retry if that is known.</summary>
    internal static string HubMessage(RequestRefusedException e) =>
        e.RetryAfter is { } retry ? $"{e.Message} (retry after {Math.Ceiling(retry.TotalSeconds):0} s)" : e.Message;
}
