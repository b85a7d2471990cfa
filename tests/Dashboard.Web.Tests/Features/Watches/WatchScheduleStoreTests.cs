using Dashboard.Web.Features.Watches;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace Dashboard.Web.Tests.Features.Watches;

/// <summary>
/// How the single instance's scheduler is set up for many runs a second (docs/benchmarks.md, "watches"): its SQLite file
/// appends to a write-ahead log instead of syncing a rollback journal per firing, and runs due close together fire in one round.
/// </summary>
public sealed class WatchScheduleStoreTests
{
    [Fact]
    public async Task TheSchedulersSqliteFile_IsInWalMode_AndRunsDueWithinAQuarterSecondFireInOneRound()
    {
        await using var host = new DashboardHost();
        _ = host.BaseAddress;
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataDir, "schedule.db")};Mode=ReadOnly");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        var mode = (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        var scheduler = host.Services.GetRequiredService<IOptions<QuartzSchedulerOptions>>().Value;

        Assert.Equal("wal", mode);
        Assert.Equal(TimeSpan.FromMilliseconds(WatchesFeature.FireAheadMs), scheduler.BatchTriggerAcquisitionFireAheadTimeWindow);
    }
}
