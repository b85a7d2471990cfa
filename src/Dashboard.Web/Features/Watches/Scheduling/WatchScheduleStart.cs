using Dashboard.Web.Features.Watches.Storage;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Dashboard.Web.Features.Watches.Scheduling;

/// <summary>
/// At start, after the migrations: every watch in the table has its Quartz job and no job outlives its watch (a stop
/// between the two writes of a change leaves them apart), and the hourly retention job is scheduled once.
/// </summary>
public sealed class WatchScheduleStart(IServiceScopeFactory scopes, WatchScheduler scheduler, ISchedulerFactory factory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var watches = await db.Watches.AsNoTracking().ToListAsync(cancellationToken);
        var jobs = (await scheduler.JobIdsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var watch in watches.Where(w => !jobs.Contains(w.Id)))
        {
            await scheduler.ScheduleAsync(watch.Id, WatchRecords.SpecOf(watch), cancellationToken);
        }

        foreach (var orphan in jobs.Except(watches.Select(w => w.Id)))
        {
            await scheduler.UnscheduleAsync(orphan, cancellationToken);
        }

        var quartz = await factory.GetScheduler(cancellationToken);
        if (!await quartz.Exists(WatchRetentionJob.Key, cancellationToken))
        {
            var job = JobBuilder.Create<WatchRetentionJob>().WithIdentity(WatchRetentionJob.Key).StoreDurably().Build();
            var trigger = TriggerBuilder.Create().WithIdentity(WatchRetentionJob.Key.Name, WatchRetentionJob.Key.Group).ForJob(job)
                .WithCronSchedule("0 7 * * * ?", c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build();
            await quartz.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
