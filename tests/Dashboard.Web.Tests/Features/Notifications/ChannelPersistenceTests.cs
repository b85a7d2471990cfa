using System.Net;
using System.Security.Cryptography;
using Dashboard.Web.Features.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Notifications;

/// <summary>Channels and their encrypted secrets survive a restart, on SQLite and on a real PostgreSQL.</summary>
public sealed class ChannelPersistenceTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Channel_AfterARestart_StillDeliversSignedWithItsSecret(string provider)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sd-notify-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var settings = provider == "Postgres"
            ? new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Dashboard"] = await postgres.CreateDatabaseAsync(Token) }
            : [];
        await using var receiver = await HookReceiver.StartAsync(IPAddress.Loopback, Token);
        try
        {
            ChannelCreated created;
            await using (var first = DashboardHost.Over(dataDir, settings))
            {
                created = await first.CreateChannelAsync(new ChannelRequest("kept", "webhook", Webhook: new WebhookSettings(receiver.Url + "kept")), Token);
            }

            await using var second = DashboardHost.Over(dataDir, settings);
            var result = await second.Services.GetRequiredService<NotificationService>().TestChannelAsync(second.Admin, created.Channel.Id, Token);
            var request = Assert.Single(receiver.Received);

            Assert.True(result.Ok, result.Message);
            Assert.Equal("/kept", request.Path);
            Assert.Equal(HttpChannelSender.Signature(created.Secret!, request.Headers["X-Dashboard-Timestamp"], request.Body), request.Headers["X-Dashboard-Signature"]);
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }
}
