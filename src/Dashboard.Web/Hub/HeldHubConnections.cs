using System.Collections.Concurrent;
using System.Security.Claims;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hub;

/// <summary>
/// The open connections of <c>/hubs/probe</c>, by user. When a user's access changes (announced from any instance)
/// their connections are checked at once, and every connection again every <see cref="AuthOptions.RecheckSeconds"/>
/// (a token that simply expires announces nothing); one whose access has ended is closed.
/// </summary>
public sealed class HeldHubConnections(PresentAccess access, ILogger<HeldHubConnections> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);

    public int Count => _open.Count;

    public void Add(HubCallerContext context) => _open[context.ConnectionId] = context;

    public void Remove(HubCallerContext context) => _open.TryRemove(context.ConnectionId, out _);

    /// <summary>Closes <paramref name="context"/> just after the refusal it is being sent has gone out.</summary>
    public void End(HubCallerContext context)
    {
        Remove(context);
        _ = Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None).ContinueWith(_ => context.Abort(), TaskScheduler.Default);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var changes = access.OnChanged(change => _ = RecheckAsync(c => UserOf(c) == change.UserId, stoppingToken));
        using var timer = new PeriodicTimer(access.RecheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RecheckAsync(_ => true, stoppingToken);
        }
    }

    private async Task RecheckAsync(Func<HubCallerContext, bool> which, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var context in _open.Values.Where(which).ToList())
            {
                if (!(await access.CheckAsync(context.User, cancellationToken)).Active)
                {
                    Remove(context);
                    context.Abort();
                    AccessLog.HubConnectionEnded(logger, context.ConnectionId);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The next tick tries again; a failed read must not end the loop.
            AccessLog.RecheckFailed(logger, e);
        }
    }

    private static string? UserOf(HubCallerContext context) => context.User?.FindFirstValue(ClaimTypes.NameIdentifier);
}
