using System.Net.Http.Json;
using Dashboard.Contracts.Agents;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>
/// Two real dashboards, <c>one</c> and <c>two</c>, on two loopback ports, sharing one fresh PostgreSQL database and one
/// real redis-server: what runs behind one address when the dashboard is scaled out. Leases are short (3 s) so a
/// killed instance is found out within a test's patience.
/// </summary>
public sealed class ScaleOutPair(PostgresServer postgres) : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    public DashboardHost One { get; private set; } = null!;

    public DashboardHost Two { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// The admin token every instance is configured with (<c>Auth:BootstrapToken</c>): instances behind one address share their
    /// configuration, and an instance started with another bootstrap token would revoke this one in the shared database.
    /// </summary>
    public string AdminToken { get; } = "sdt_test_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>HTTP to <paramref name="host"/> with <see cref="AdminToken"/>.</summary>
    public HttpClient Http(DashboardHost host) => host.Http(AdminToken);

    /// <summary>A started hub connection to <paramref name="host"/> with <see cref="AdminToken"/>.</summary>
    public Task<Microsoft.AspNetCore.SignalR.Client.HubConnection> HubAsync(DashboardHost host, CancellationToken cancellationToken) =>
        host.ConnectHubAsync(cancellationToken, AdminToken);

    /// <summary>The settings of an instance named <paramref name="name"/>, as configuration keys.</summary>
    public Dictionary<string, string?> Settings(string name) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Dashboard"] = ConnectionString,
        ["ScaleOut:Redis"] = Redis.Address,
        ["ScaleOut:InstanceName"] = name,
        ["ScaleOut:LeaseSeconds"] = "3",
        ["ScaleOut:RenewSeconds"] = "1",
        // A minute: a mirror that followed a scan only by looking would end far later than the scan; only the wake-ups keep it live.
        ["ScaleOut:MirrorPollMs"] = "60000",
        ["Agents:HeartbeatSeconds"] = "1",
        ["Auth:BootstrapToken"] = AdminToken,
        // Slower than any test's patience: an access change reaches the other instance through Redis or not at all.
        ["Auth:RecheckSeconds"] = "60",
    };

    public async ValueTask InitializeAsync()
    {
        await Redis.InitializeAsync();
        ConnectionString = await postgres.CreateDatabaseAsync(CancellationToken.None);
        // One after the other: the first migrates the database and makes the first admin, the second finds them.
        One = DashboardHost.With(Settings("one"));
        _ = One.BaseAddress;
        Two = DashboardHost.With(Settings("two"));
        _ = Two.BaseAddress;
    }

    /// <summary>Makes an agent through <paramref name="host"/>'s API.</summary>
    public async Task<AgentCreated> CreateAgentAsync(DashboardHost host, string name)
    {
        using var http = Http(host);
        using var response = await http.PostAsJsonAsync("api/agents", new { name }, CancellationToken.None);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentCreated>())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Two is not null)
        {
            await Two.DisposeAsync();
        }

        if (One is not null)
        {
            await One.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
