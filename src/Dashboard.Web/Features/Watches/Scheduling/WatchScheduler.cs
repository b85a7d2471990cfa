using Dashboard.Contracts.Watches;
using Quartz;

namespace Dashboard.Web.Features.Watches.Scheduling;

/// <summary>
/// A watch's schedule in Quartz: one durable job per watch (key: the watch's id) with one trigger, an interval or a cron
/// expression in its time zone. Quartz keeps them in its own tables, so schedules survive restarts; a run missed while
/// no instance was up fires once as soon as one is, then the schedule goes on (Quartz's misfire rules).
/// </summary>
public sealed class WatchScheduler(ISchedulerFactory factory)
{
    public const string JobGroup = "watches";

    public static JobKey JobOf(string watchId) => new(watchId, JobGroup);

    private static TriggerKey TriggerOf(string watchId) => new(watchId, JobGroup);

    /// <summary>Stores or replaces the watch's job and trigger; a paused watch keeps its job and loses its trigger.</summary>
    public async Task ScheduleAsync(string watchId, WatchSpec spec, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<WatchRunJob>().WithIdentity(JobOf(watchId)).WithDescription(spec.Name)
            .StoreDurably().Build();
        if (spec.Paused == true)
        {
            await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
            await scheduler.UnscheduleJob(TriggerOf(watchId), cancellationToken);
            return;
        }

        await scheduler.ScheduleJob(job, [Trigger(watchId, spec)], ScheduleJobOptions.Replacing, cancellationToken);
    }

    public async Task UnscheduleAsync(string watchId, CancellationToken cancellationToken) =>
        await (await factory.GetScheduler(cancellationToken)).DeleteJob(JobOf(watchId), cancellationToken);

    /// <summary>Runs the watch now, once, on whichever instance takes it (its schedule goes on as before).</summary>
    public async Task RunNowAsync(string watchId, CancellationToken cancellationToken) =>
        await (await factory.GetScheduler(cancellationToken)).TriggerJob(JobOf(watchId), cancellationToken);

    public async Task<DateTimeOffset?> NextRunAsync(string watchId, CancellationToken cancellationToken) =>
        (await (await factory.GetScheduler(cancellationToken)).GetTrigger(TriggerOf(watchId), cancellationToken))?.NextFireTimeUtc;

    /// <summary>Whether Quartz holds a job for the watch (the start's reconciliation asks).</summary>
    public async Task<bool> HasJobAsync(string watchId, CancellationToken cancellationToken) =>
        await (await factory.GetScheduler(cancellationToken)).Exists(JobOf(watchId), cancellationToken);

    /// <summary>The ids of every watch job Quartz holds.</summary>
    public async Task<IReadOnlyCollection<string>> JobIdsAsync(CancellationToken cancellationToken) =>
        [.. (await (await factory.GetScheduler(cancellationToken)).GetJobKeys(GroupMatcher<JobKey>.GroupEquals(JobGroup), cancellationToken)).Select(k => k.Name)];

    private static ITrigger Trigger(string watchId, WatchSpec spec)
    {
        var trigger = TriggerBuilder.Create().WithIdentity(TriggerOf(watchId)).ForJob(JobOf(watchId));
        if (spec.Cron is { } cron)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(spec.TimeZone ?? "UTC");
            return trigger.WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build();
        }

        // The first run soon, spread over up to 10 s (by the id, a hex number), so that many watches made at once (an
        // import) do not all fire in the same instant and keep apart afterwards.
        var interval = TimeSpan.FromSeconds(spec.IntervalSeconds!.Value);
        var spreadMs = (uint)Math.Min(interval.TotalMilliseconds, 10_000);
        var offset = TimeSpan.FromMilliseconds(Convert.ToUInt32(watchId[..Math.Min(8, watchId.Length)], 16) % spreadMs);
        return trigger.StartAt(DateTimeOffset.UtcNow + offset)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .Build();
    }
}
