using System.Net;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Persistence;

/// <summary>The audit trail's store, filters, order and paging, on the embedded SQLite file and on a real PostgreSQL.</summary>
public sealed class AuditPersistenceTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private async Task<Dictionary<string, string?>> SettingsAsync(string provider) => provider == "Postgres"
        ? new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Dashboard"] = await postgres.CreateDatabaseAsync(Token) }
        : [];

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Rows_AreFilteredByUserActionOutcomeAndTime_NewestFirst_InPages(string provider)
    {
        await using var host = DashboardHost.With(await SettingsAsync(provider));
        var log = host.Services.GetRequiredService<AuditQueue>();
        var audit = host.Services.GetRequiredService<AuditService>();
        // Five rows an hour apart: ann probes (ok, refused, ok), bob scans, ann's listener expires (the server acts).
        Append(log, 0, "ann", Door.Hub, AuditActions.Probe, AuditOutcome.Ok, null);
        Append(log, 1, "ann", Door.Api, AuditActions.Probe, AuditOutcome.Refused, ErrorKind.Forbidden);
        Append(log, 2, "bob", Door.Ui, AuditActions.ScanStart, AuditOutcome.Ok, null);
        Append(log, 3, "ann", Door.Ui, AuditActions.Probe, AuditOutcome.Ok, null);
        Append(log, 4, "ann", null, AuditActions.ListenerExpire, AuditOutcome.Ok, null);
        var admin = new Actor("a", "admin", Role.Admin, IPAddress.Loopback, Door.Ui);

        var anns = await audit.SearchAsync(admin, new AuditFilter(User: "ann"), 1, 2, Token);
        var annsNext = await audit.SearchAsync(admin, new AuditFilter(User: "ann"), 2, 2, Token);
        var refused = await audit.SearchAsync(admin, new AuditFilter(Action: AuditActions.Probe, Outcome: AuditOutcome.Refused), 1, 10, Token);
        var window = await audit.SearchAsync(admin, new AuditFilter(From: T0.AddHours(1), To: T0.AddHours(3)), 1, 10, Token);

        Assert.Equal(4, anns.Total);
        Assert.Equal(["h4", "h3"], anns.Items.Select(r => r.Target));
        Assert.Equal(["h1", "h0"], annsNext.Items.Select(r => r.Target));
        var row = Assert.Single(refused.Items);
        Assert.Equal(("ann", "api", "Operator", "refused", "forbidden", "127.0.0.1", T0.AddHours(1)),
            (row.ActorName, row.Door, row.Role, row.Outcome, row.RefusalKind, row.ClientAddress, row.At));
        Assert.Equal(["h2", "h1"], window.Items.Select(r => r.Target));
        var expired = anns.Items[0];
        Assert.Equal((null, null), (expired.Door, expired.Role));

        using var http = host.Http();
        var csv = await (await http.GetAsync("api/audit.csv?user=ann&from=2026-11-20T09:00:00Z&to=2026-11-20", Token)).Content.ReadAsStringAsync(Token);
        Assert.Equal(4, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\"2026-11-20T12:00:00.000Z\",\"ann\"", csv.Split("\r\n")[1], StringComparison.Ordinal);
    }

    private static void Append(AuditQueue log, int hour, string user, Door? door, string action, AuditOutcome outcome, ErrorKind? kind) =>
        log.Append(new AuditEntry
        {
            AtMs = T0.AddHours(hour).ToUnixTimeMilliseconds(),
            ActorId = door is null ? "" : "id-" + user,
            ActorName = user,
            Role = door is null ? null : Role.Operator,
            ClientAddress = door is null ? null : "127.0.0.1",
            Door = door,
            Action = action,
            Target = "h" + hour,
            Outcome = outcome,
            RefusalKind = kind,
            Detail = "row " + hour,
        });
}
