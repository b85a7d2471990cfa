using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Tests.Features.Watches;

namespace Dashboard.Web.Tests.Features.Tls;

/// <summary>TLS watches run by the scheduler at the lab's servers: the state and the words follow the days left.</summary>
public sealed class TlsWatchRunTests(TlsApiFixture lab) : IClassFixture<TlsApiFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TlsWatch_RunBySchedule_PassesWithEnoughDaysLeft_AndFailsNamingTheDaysLeftAndTheExpiryDate()
    {
        using var host = WatchHosts.EverySecond(new() { ["Sockets:Tls:ExtraTrustedCaFiles:0"] = lab.Lab.RootPem });
        var until = Day(lab.Lab.Path("leaf"));
        var enough = await host.Watches().CreateAsync(host.Admin, Spec("cert with days to spare", lab.Valid, minDaysLeft: 30), Token);
        var tooFew = await host.Watches().CreateAsync(host.Admin, Spec("cert expiring soon", lab.Valid, minDaysLeft: 200), Token);

        var up = await host.WaitForAsync(host.Admin, enough.Id, s => s.Status == WatchStatus.Up);
        var down = await host.WaitForAsync(host.Admin, tooFew.Id, s => s.Status == WatchStatus.Down);

        Assert.Matches($@"^valid, (88|89|90) days left \(CN=www\.test,O=Socket Dashboard Tests until {until}\)$", up.LastReason);
        Assert.Matches($@"^CN=www\.test,O=Socket Dashboard Tests expires on {until}: (88|89|90) days left, fewer than 200$", down.LastReason);
        var runs = await host.Reads().RunsAsync(host.Admin, tooFew.Id, null, 100, null, Token);
        Assert.All(runs, r => Assert.Equal((false, "expiring"), (r.Passed, r.Outcome)));
    }

    [Fact]
    public async Task TlsWatch_RunBySchedule_OnAnExpiredCertificate_IsDownNamingTheDayItExpired()
    {
        using var host = WatchHosts.EverySecond(new() { ["Sockets:Tls:ExtraTrustedCaFiles:0"] = lab.Lab.RootPem });
        var port = await lab.Lab.ServeAsync("expired", "inter");
        var watch = await host.Watches().CreateAsync(host.Admin, Spec("cert expired", port, minDaysLeft: 14), Token);

        var down = await host.WaitForAsync(host.Admin, watch.Id, s => s.Status == WatchStatus.Down);

        Assert.Equal($"certificate CN=old.test,O=Socket Dashboard Tests has expired on {Day(lab.Lab.Path("expired"))}", down.LastReason);
    }

    private static WatchSpec Spec(string name, int port, int minDaysLeft) =>
        new(name, Kind: WatchKind.Tls, Host: "127.0.0.1", Port: port, IntervalSeconds: 1, TimeoutMs: 5_000, MinDaysLeft: minDaysLeft);

    private static string Day(string pem)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(pem));
        return certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
