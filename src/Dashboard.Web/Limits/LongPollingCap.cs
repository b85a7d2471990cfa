using System.Globalization;
using System.Security.Claims;
using Dashboard.Web.Hub;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Limits;

/// <summary>
/// The per-user hub cap for long-polling connections, which <see cref="ConnectionCaps"/> cannot count: no
/// request stays open for their life. Counted from connect to disconnect; one past the cap is closed at once
/// with the reason (the client reads <c>Connection closed with an error. HubException: ...</c>).
/// </summary>
internal sealed class LongPollingCap(ConnectionCounts counts, IOptions<LimitsOptions> options, RefusalThrottle throttle) : IHubFilter
{
    private const string Counted = "limits.long-polling-user";

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var connection = context.Context;
        if (context.Hub is ProbeHub &&
            connection.Features.Get<IHttpTransportFeature>()?.TransportType == HttpTransportType.LongPolling &&
            connection.User?.FindFirstValue(ClaimTypes.NameIdentifier) is { } user)
        {
            var perUser = options.Value.HubConnectionsPerUser;
            if (!counts.TryTakeHub(user, perUser))
            {
                throttle.Refused(RefusalThrottle.Cap.HubConnectionsPerUser, perUser);
                throw new HubException(string.Create(CultureInfo.InvariantCulture,
                    $"you hold {perUser:N0} connections to this hub, the most one user may ({LimitsOptions.Section}:HubConnectionsPerUser); close one first"));
            }

            connection.Items[Counted] = user;
        }

        try
        {
            await next(context);
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection whose OnConnectedAsync failed.
            Release(connection);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            Release(context.Context);
        }
    }

    private void Release(HubCallerContext connection)
    {
        if (connection.Items.Remove(Counted, out var user) && user is string id)
        {
            counts.ReleaseHub(id);
        }
    }
}
