using Dashboard.Web.Features.Watches.Runs;
using Quartz;

namespace Dashboard.Web.Features.Watches.Scheduling;

/// <summary>
/// What Quartz fires for a watch: read the watch and its owner as they are now, run it at every vantage point at once,
/// and wait until the results are stored. Firings may overlap (a run longer than the interval, a run-now): Quartz then
/// claims due runs without its cluster-wide lock, which is what lets clustered instances share the work; a late result
/// is stored but does not move the state back (<see cref="Runs.WatchJudge"/>).
/// </summary>
public sealed class WatchRunJob(WatchRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var due = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        await runner.RunAsync(context.JobDetail.Key.Name, due, cancellationToken);
    }
}
