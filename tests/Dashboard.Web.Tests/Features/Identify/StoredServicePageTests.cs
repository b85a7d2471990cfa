using Bunit;
using Dashboard.Contracts.Identify;
using Dashboard.Sockets.Identify;
using Dashboard.Web.Access;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.History.Storage;
using Dashboard.Web.Features.Identify.Pages;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Identify;

/// <summary>A stored identification's page (the history's link <c>services/{id}</c>), over a real SQLite file.</summary>
public sealed class StoredServicePageTests : DashboardUiContext
{
    public StoredServicePageTests() : this(Path.Combine(Path.GetTempPath(), $"sd-bunit-services-{Guid.NewGuid():N}.db"))
    {
    }

    private StoredServicePageTests(string file) : base(Role.Viewer, services =>
    {
        services.AddDbContext<DashboardDb, SqliteDashboardDb>(db => db.UseSqlite($"Data Source={file}"));
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<HistoryService>();
    })
    {
        using (var scope = Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<DashboardDb>().Database.Migrate();
        }

        var at = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        var banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"u8.ToArray();
        var result = new IdentifyResult("db1", "10.0.0.5", 22, IdentifyState.Identified, "ssh", "OpenSSH", "9.2p1", "protocol 2.0, Debian-2", "banner",
            IdentifyConfidence.High, "ssh", 0, "OK", "ssh (OpenSSH 9.2p1): it spoke first", SeenBytesFormat.Of(banner, 512),
            [new IdentifyAttempt("banner", banner.Length, 2.5, "answered")], 2.7, at, Id: "i1");
        Services.GetRequiredService<HistoryStore>().AddAsync(new HistoryItem
        {
            Id = "i1", Kind = HistoryKinds.Service, Owner = "ann", State = "identified", Target = "db1:22", StartedAtMs = at.ToUnixTimeMilliseconds(),
            Request = JsonChunk.Text(new IdentifyRequest("db1", 22)), Summary = JsonChunk.Text(result),
        }, [], CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public void StoredService_ShowsTheServiceProductVersionAndTheBytesSeen()
    {
        var page = Render<StoredServicePage>(p => p.Add(x => x.ItemId, "i1"));

        page.WaitForAssertion(() => Assert.Equal("ssh", page.Find("[data-testid=identify-service]").TextContent));
        Assert.Equal("OpenSSH", page.Find("[data-testid=identify-product]").TextContent);
        Assert.Equal("9.2p1", page.Find("[data-testid=identify-version]").TextContent);
        Assert.Equal("identified", page.Find("[data-testid=identify-state]").GetAttribute("data-state"));
        Assert.StartsWith("SSH-2.0-OpenSSH_9.2p1", page.Find("[data-testid=identify-text]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredService_UnknownId_SaysItIsMissing()
    {
        var page = Render<StoredServicePage>(p => p.Add(x => x.ItemId, "nope"));

        page.WaitForAssertion(() => Assert.Contains("nope", page.Find("[data-testid=stored-missing]").TextContent, StringComparison.Ordinal));
    }
}
