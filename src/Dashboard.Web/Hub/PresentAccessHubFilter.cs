using Dashboard.Web.Access;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hub;

/// <summary>
/// The hub's actor is the one its user is <em>now</em>: each call re-reads the connection's user and token
/// (<see cref="PresentAccess"/>), acts with the present role, and refuses, then closes the connection, once access
/// has ended. Connections are also held in <see cref="HeldHubConnections"/>, which closes them when a change is
/// announced, so an idle connection does not outlive its powers either.
/// </summary>
public sealed class PresentAccessHubFilter(PresentAccess access, HeldHubConnections held) : IHubFilter
{
    private const string ActorItem = "sd:actor";

    /// <summary>The actor this call was checked as; set by the filter before the method runs.</summary>
    /// <exception cref="RequestRefusedException">Forbidden: no checked actor (the filter did not run).</exception>
    public static Actor ActorOf(HubCallerContext context) =>
        context.Items.TryGetValue(ActorItem, out var actor) && actor is Actor checkedActor
            ? checkedActor
            : throw RequestRefusedException.Forbidden("sign in first");

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var presence = await access.CheckAsync(context.Context.User, context.Context.ConnectionAborted);
        if (!presence.Active)
        {
            throw new HubException($"not connected: {presence.EndedBecause}");
        }

        held.Add(context.Context);
        await next(context);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        var presence = await access.CheckAsync(context.User, context.ConnectionAborted);
        if (presence.Role is not { } role)
        {
            held.End(context);
            throw RequestRefusedException.Forbidden($"{presence.EndedBecause}: this connection is closed; sign in again or use a valid token");
        }

        var http = context.GetHttpContext();
        context.Items[ActorItem] = Actors.From(PresentAccess.WithRole(context.User!, role), http?.Connection.RemoteIpAddress, Door.Hub);
        return await next(invocationContext);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        held.Remove(context.Context);
        return next(context, exception);
    }
}
