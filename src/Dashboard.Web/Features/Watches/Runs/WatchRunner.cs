using Dashboard.Contracts.Watches;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>
/// One run of a stored watch: its plan (the spec, and the owner with the role they have now: a role taken away, an
/// account disabled, and the run sends nothing and says why), the check at every vantage point at once, the results
/// stored through <see cref="WatchRecorder"/>.
/// </summary>
public sealed class WatchRunner(WatchRunPlans plans, WatchChecks checks, WatchRecorder recorder, TimeProvider time, ILogger<WatchRunner> logger)
{
    public async Task RunAsync(string watchId, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        try
        {
            if (await plans.GetAsync(watchId, cancellationToken) is not { } plan)
            {
                return;
            }

            var spec = plan.Spec;
            var outcomes = plan.Problem is { } problem
                ? spec.From!.Select(from => WatchOutcome.Failed(from, from.Length == 0 ? "this server" : from, "stopped", problem)).ToList()
                : [.. await Task.WhenAll(spec.From!.Select(from => checks.RunAsync(spec, plan.Owner!, from, cancellationToken)))];
            await recorder.RecordAsync(new PendingRun(watchId, spec, due, started, outcomes), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WatchLog.RunFailed(logger, watchId, e);
        }
    }
}
