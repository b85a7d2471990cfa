using System.Net;
using Npgsql;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>
/// One dashboard (a real process) with Quartz's store in a real PostgreSQL, killed (kill -9) in the middle of an incident
/// and started again over the same database: the watch keeps its schedule and state, the incident is neither lost nor
/// opened or told twice, and it closes when the port is back.
/// </summary>
public sealed class WatchRestartTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledMidIncident_TheRestartKeepsScheduleStateAndTheOneIncident_ToldOnceEachWay()
    {
        var connection = await postgres.CreateDatabaseAsync(Token);
        var dataDir = Directory.CreateTempSubdirectory("sd-watch-restart-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Dashboard"] = connection,
            ["Watches__AdminMinIntervalSeconds"] = "1",
        };
        await using var db = new NpgsqlConnection(connection);
        var listener = new LoopbackListener(IPAddress.Loopback);
        var port = listener.Port;
        try
        {
            string id;
            (string Status, long? SinceMs) downBefore;
            (long Id, string? Notified) incidentBefore;
            long triggerStartBefore;
            long restartedAtMs;
            await using (var first = await DashboardProcess.StartAsync(WebBuild.Dll(), settings: settings, dataDir: dataDir))
            {
                using var http = first.Http();
                id = await WatchFleet.CreateTcpAsync(http, "restart-me", "127.0.0.1", port, 1, Token);
                await ScaleOutWait.UntilAsync(async () => (await StateAsync(db, id)).Status == "up", "the watch to be up");
                listener.Dispose();
                await ScaleOutWait.UntilAsync(async () => (await IncidentsAsync(db, id)) is [{ Notified: not null }], "the incident to be opened and told");
                downBefore = await StateAsync(db, id);
                incidentBefore = (await IncidentsAsync(db, id)).Single();
                triggerStartBefore = await TriggerStartAsync(db, id);
                await first.KillAsync();
                restartedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            }

            await using var second = await DashboardProcess.StartAsync(WebBuild.Dll(), settings: settings, dataDir: dataDir);
            await ScaleOutWait.UntilAsync(async () => (await WatchFleet.RunsAsync(db, Token)).Count(r => r.AtMs > restartedAtMs) >= 3, "3 runs after the restart");
            var downAfter = await StateAsync(db, id);
            var incidentsAfterRestart = await IncidentsAsync(db, id);
            var triggerStartAfter = await TriggerStartAsync(db, id);
            listener = new LoopbackListener(IPAddress.Loopback, port);
            await ScaleOutWait.UntilAsync(async () => (await IncidentsAsync(db, id)) is [{ Notified: { } told }] && told.Contains("recovered", StringComparison.Ordinal),
                "the incident to close and be told");
            var closed = (await IncidentsAsync(db, id)).Single();
            var slots = WatchFleet.SlotsOf(await WatchFleet.RunsAsync(db, Token), 1);

            Assert.Equal(triggerStartBefore, triggerStartAfter);
            Assert.Equal(("down", downBefore.SinceMs), downAfter);
            Assert.Equal([incidentBefore], incidentsAfterRestart);
            Assert.Equal(incidentBefore.Id, closed.Id);
            Assert.StartsWith("down: ", closed.Notified, StringComparison.Ordinal);
            Assert.Single(closed.Notified!.Split("; "), part => part.StartsWith("down:", StringComparison.Ordinal));
            Assert.Single(closed.Notified!.Split("; "), part => part.StartsWith("recovered:", StringComparison.Ordinal));
            Assert.True(slots.Distinct().Count() == slots.Count, $"a due time ran twice across the restart: slots {string.Join(',', slots)}");
        }
        finally
        {
            listener.Dispose();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<(string Status, long? SinceMs)> StateAsync(NpgsqlConnection db, string id)
    {
        await OpenAsync(db);
        await using var command = new NpgsqlCommand("SELECT \"Status\", \"SinceMs\" FROM \"WatchStates\" WHERE \"WatchId\" = @id", db);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(Token);
        return await reader.ReadAsync(Token) ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)) : ("none", null);
    }

    private static async Task<List<(long Id, string? Notified)>> IncidentsAsync(NpgsqlConnection db, string id)
    {
        await OpenAsync(db);
        await using var command = new NpgsqlCommand("SELECT \"Id\", \"Notified\" FROM \"WatchIncidents\" WHERE \"WatchId\" = @id ORDER BY \"Id\"", db);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(Token);
        var incidents = new List<(long, string?)>();
        while (await reader.ReadAsync(Token))
        {
            incidents.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return incidents;
    }

    /// <summary>When Quartz's stored trigger of the watch began: a schedule made again at start would begin later.</summary>
    private static async Task<long> TriggerStartAsync(NpgsqlConnection db, string id)
    {
        await OpenAsync(db);
        await using var command = new NpgsqlCommand("SELECT start_time FROM qrtz_triggers WHERE trigger_name = @id", db);
        command.Parameters.AddWithValue("id", id);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task OpenAsync(NpgsqlConnection db)
    {
        if (db.State != System.Data.ConnectionState.Open)
        {
            await db.OpenAsync(Token);
        }
    }
}
