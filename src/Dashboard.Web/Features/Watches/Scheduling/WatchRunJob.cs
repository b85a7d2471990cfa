using Dashboard.Web.Features.Watches.Runs;
using Quartz;

namespace Dashboard.Web.Features.Watches.Scheduling;

/// <summary>
/// What Quartz fires for a watch: read the watch and its owner as they are now, run it at every vantage point at once,
/// and wait until the results are stored (so the next firing, here or on another instance, sees them).
/// </summary>
[DisallowConcurrentExecution]
public sealed class WatchRunJob(WatchRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var due = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        await runner.RunAsync(context.JobDetail.Key.Name, due, cancellationToken);
    }
}
