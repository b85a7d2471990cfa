using System.Data.Common;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Tests.Support;

/// <summary>One stored watch run as the table keeps it; when it was due is when it started less how late it started.</summary>
public readonly record struct StoredRun(string WatchId, long AtMs, double LagMs, bool Passed = true)
{
    public long DueMs => AtMs - (long)Math.Round(LagMs);
}

/// <summary>
/// Watches made through the REST API and their runs read straight from the database (SQLite file or PostgreSQL), for the
/// cluster tests and the watches benchmark: what was stored, not what a page makes of it.
/// </summary>
public static class WatchFleet
{
    /// <summary>Makes a TCP watch; its id.</summary>
    public static async Task<string> CreateTcpAsync(HttpClient http, string name, string host, int port, int intervalSeconds, CancellationToken cancellationToken,
        string expect = "open", int timeoutMs = 1_000)
    {
        using var response = await http.PostAsJsonAsync("api/watches", new { name, kind = "tcp", host, port, intervalSeconds, expect, timeoutMs }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"making watch {name} failed: {(int)response.StatusCode} {body}");
        }

        using var created = JsonDocument.Parse(body);
        return created.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Points a watch at another port, as a user's edit does (PUT, the whole spec).</summary>
    public static async Task RetargetTcpAsync(HttpClient http, string id, string name, string host, int port, int intervalSeconds, CancellationToken cancellationToken,
        string expect = "open", int timeoutMs = 1_000)
    {
        using var response = await http.PutAsJsonAsync($"api/watches/{id}", new { name, kind = "tcp", host, port, intervalSeconds, expect, timeoutMs }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"editing watch {name} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>Every stored run (the watches here run at this server only: one row per run).</summary>
    public static async Task<List<StoredRun>> RunsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"WatchId\", \"AtMs\", \"LagMs\", \"Passed\" FROM \"WatchRuns\"";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<StoredRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new StoredRun(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? 0 : reader.GetDouble(2), reader.GetBoolean(3)));
        }

        return runs;
    }

    /// <summary>
    /// A watch's runs as slots of its schedule (0 = its first stored run's due time, 1 = one interval later...): the due
    /// times are on Quartz's grid, rounded so a firing a few milliseconds early or late lands in its own slot.
    /// </summary>
    public static List<long> SlotsOf(IEnumerable<StoredRun> runs, int intervalSeconds)
    {
        var dues = runs.Select(r => r.DueMs).Order().ToList();
        return dues.Count == 0 ? [] : [.. dues.Select(d => (long)Math.Round((d - dues[0]) / (intervalSeconds * 1000.0)))];
    }

    /// <summary>Runs this instance counted since it started (<c>dashboard_watch_runs_total</c> at <c>/metrics</c>, all results).</summary>
    public static async Task<long> RunsCountedAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
        return text.Split('\n')
            .Where(line => line.StartsWith("dashboard_watch_runs_total", StringComparison.Ordinal))
            .Sum(line => (long)double.Parse(ValueOf(line), CultureInfo.InvariantCulture));
    }

    /// <summary>The sample's value: after the labels (or the name), before the optional timestamp.</summary>
    private static string ValueOf(string line)
    {
        var afterName = line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : line.IndexOf(' ', StringComparison.Ordinal);
        return line[afterName..].Trim().Split(' ')[0];
    }
}
