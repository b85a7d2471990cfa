using System.Net;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.History.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Web.Tests.Support.HistoryHosts;

namespace Dashboard.Web.Tests.Features.History.Storage;

/// <summary>Retention deletes what is old (by a clock the test moves) and what is beyond the size bound, oldest first; audit rows by age; each pass audited.</summary>
public sealed class RetentionTests(PostgresServer postgres)
{
    private static readonly Actor Admin = new("a", "admin", Role.Admin, IPAddress.Loopback, Door.Api);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Retention_DeletesItemsAndAuditRowsPastTheirAge_AndKeepsTheRest(string provider)
    {
        var clock = new ShiftedClock();
        var settings = await SettingsAsync(postgres, provider);
        settings["History:MaxAgeDays"] = "30";
        settings["History:AuditMaxAgeDays"] = "365";
        await using var host = DashboardHost.With(settings, web => web.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var http = host.Http();
        var audit = host.Services.GetRequiredService<AuditQueue>();
        var retention = host.Services.GetRequiredService<HistoryRetention>();
        await retention.PruneAsync(Token);

        // An old probe and an old audit row, made while the clock says 400 days ago; then today's.
        clock.Offset = -TimeSpan.FromDays(400);
        using (await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", open.Port), Token))
        {
        }

        clock.Offset = -TimeSpan.FromDays(31);
        using (await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", open.Port), Token))
        {
        }

        clock.Offset = TimeSpan.Zero;
        using (await http.PostAsync("api/probe", new ProbeRequest("127.0.0.1", open.Port), Token))
        {
        }

        await audit.FlushAsync(Token);
        var search = host.Services.GetRequiredService<AuditService>();
        var auditBefore = (await search.SearchAsync(Admin, new AuditFilter(), 1, 100, Token)).Total;

        var pass = await retention.PruneAsync(Token);
        await audit.FlushAsync(Token);

        Assert.Equal((2, 1), (pass.Items, pass.AuditRows));
        var left = await HistoryAsync(http);
        Assert.Equal(1, left.Total);
        Assert.True(left.Items[0].StartedAt > DateTimeOffset.UtcNow.AddDays(-1));
        var rows = await search.SearchAsync(Admin, new AuditFilter(), 1, 100, Token);
        // One probe row went (400 days old); the two prune rows came.
        Assert.Equal(auditBefore - 1 + 2, rows.Total);
        Assert.Contains(rows.Items, r => r.Action == AuditActions.HistoryPrune && r.Detail.StartsWith("2 items", StringComparison.Ordinal));
        Assert.Contains(rows.Items, r => r.Action == AuditActions.AuditPrune && r.Detail.StartsWith("1 rows", StringComparison.Ordinal));
        Assert.Equal(0, (await retention.PruneAsync(Token)).Items);
    }

    [Fact]
    public async Task Retention_BeyondTheSizeBound_DeletesTheOldestFirst_UntilItFits()
    {
        await using var host = DashboardHost.With(new() { ["History:MaxSizeMb"] = "1", ["History:MaxAgeDays"] = "0" });
        using var open = new LoopbackListener(IPAddress.Loopback);
        using var http = host.Http();
        var store = host.Services.GetRequiredService<HistoryStore>();
        var retention = host.Services.GetRequiredService<HistoryRetention>();
        // Five items of 300,000 bytes each, an hour apart: 1.5 MB against a bound of 1 MiB.
        var start = DateTimeOffset.UtcNow.AddHours(-10);
        for (var i = 0; i < 5; i++)
        {
            await store.AddAsync(new HistoryItem
            {
                Id = $"big{i}", Kind = HistoryKinds.Probe, Owner = "ann", State = "open", Target = $"db{i}:5432",
                StartedAtMs = start.AddHours(i).ToUnixTimeMilliseconds(), Request = new string('r', 300_000), Summary = "{}",
            }, [], Token);
        }

        var pass = await retention.PruneAsync(Token);

        Assert.Equal(2, pass.Items);
        Assert.Equal(["big4", "big3", "big2"], (await HistoryAsync(http)).Items.Select(i => i.Id));
    }
}
