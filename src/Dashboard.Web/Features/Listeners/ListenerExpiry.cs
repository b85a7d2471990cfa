using Dashboard.Sockets.Listeners;
using Dashboard.Web.Features.Audit;

namespace Dashboard.Web.Features.Listeners;

/// <summary>
/// Owns the listeners' lifecycle in the dashboard: stops each when its TTL runs out (and audits it, as
/// the server's act on the owner's listener), and on shutdown closes every open one as interrupted, so
/// watchers are told why.
/// </summary>
internal sealed class ListenerExpiry(ListenerManager listeners, AuditQueue audit) : BackgroundService
{
    public const string ShutdownReason = "the server is shutting down; a restart does not reopen listeners, open a new one";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => listeners.RunExpiryAsync(Expired, stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await listeners.InterruptAllAsync(ShutdownReason, cancellationToken);
    }

    private void Expired(RunningListener listener)
    {
        var info = listener.Info();
        audit.Append(new AuditEntry
        {
            AtMs = audit.Now,
            ActorName = info.Owner,
            Action = AuditActions.ListenerExpire,
            Target = info.Id,
            Outcome = AuditOutcome.Ok,
            Detail = AuditText.Stopped(info, info.StoppedReason),
        });
    }
}
