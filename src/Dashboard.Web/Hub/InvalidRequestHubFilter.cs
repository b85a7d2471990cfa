using Dashboard.Sockets;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hub;

/// <summary>
/// Turns the engine's refusals into <see cref="HubException"/>s, whose message reaches the caller
/// as it is: what was wrong and what is allowed. The connection stays open.
/// </summary>
internal sealed class InvalidRequestHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (InvalidRequestException e)
        {
            throw new HubException(e.Message, e);
        }
    }
}
