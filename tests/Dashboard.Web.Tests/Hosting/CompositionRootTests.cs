using System.Net.Http.Json;
using Dashboard.Contracts.Agents;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>
/// The real host, in each configuration it ships in, resolves every service it registers (closed types; open
/// generics are resolved through their closed uses): singletons from the root provider, every lifetime from a
/// scope set up as a request's or a circuit's is. The host builds with ValidateOnBuild and ValidateScopes, as in production.
/// </summary>
public sealed class CompositionRootTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SingleInstanceOnSqlite_ResolvesEveryRegisteredService()
    {
        await using var host = Capturing([], out var services);
        _ = host.BaseAddress;

        await AssertResolvesAllAsync(host, services());
    }

    [Fact]
    public async Task SingleInstanceOnPostgres_ResolvesEveryRegisteredService()
    {
        var database = await postgres.CreateDatabaseAsync(Token);
        await using var host = Capturing(new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Dashboard"] = database }, out var services);
        _ = host.BaseAddress;

        await AssertResolvesAllAsync(host, services());
    }

    [Fact]
    public async Task ScaledOut_ResolvesEveryRegisteredService()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var database = await postgres.CreateDatabaseAsync(Token);
        await using var host = Capturing(new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Dashboard"] = database,
            ["ScaleOut:Redis"] = redis.Address,
            ["ScaleOut:InstanceName"] = "composition",
        }, out var services);
        _ = host.BaseAddress;

        await AssertResolvesAllAsync(host, services());
    }

    [Fact]
    public async Task WithAnAgentConnected_ResolvesEveryRegisteredService()
    {
        await using var host = Capturing(new() { ["Agents:HeartbeatSeconds"] = "1" }, out var services);
        using var http = host.Http();
        using var response = await http.PostAsJsonAsync("api/agents", new { name = "composition" }, Token);
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<AgentCreated>(Token))!;
        using var agent = new AgentProcess(null, host.BaseAddress, created.Token, "composition-host");
        await WaitOnlineAsync(http, agent);

        await AssertResolvesAllAsync(host, services());
    }

    /// <summary>A host whose service collection the test reads once the host is built.</summary>
    private static DashboardHost Capturing(Dictionary<string, string?> settings, out Func<IServiceCollection> services)
    {
        IServiceCollection? captured = null;
        services = () => captured ?? throw new InvalidOperationException("the host was not built");
        return DashboardHost.With(settings, web => web.ConfigureServices(s => captured = s));
    }

    private static async Task AssertResolvesAllAsync(DashboardHost host, IServiceCollection services)
    {
        var failures = new List<string>();
        var registered = services.Where(d => !d.ServiceType.IsGenericTypeDefinition)
            .GroupBy(d => (d.ServiceType, Key: d.IsKeyedService ? d.ServiceKey : null))
            .Select(g => (g.Key.ServiceType, g.Key.Key, Singleton: g.All(d => d.Lifetime == ServiceLifetime.Singleton)))
            .ToList();
        // Async: some of the UI's scoped services (MudBlazor's) are only IAsyncDisposable.
        await using var scope = host.Services.CreateAsyncScope();
        // As the framework does for each request and circuit: MudBlazor's snackbar reads the page's address.
        var navigation = scope.ServiceProvider.GetRequiredService<NavigationManager>();
        ((IHostEnvironmentNavigationManager)navigation).Initialize(host.BaseAddress.ToString(), host.BaseAddress.ToString());
        foreach (var (type, key, singleton) in registered)
        {
            if (singleton)
            {
                Resolve(host.Services, type, key, "root", failures);
            }

            Resolve(scope.ServiceProvider, type, key, "scope", failures);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {registered.Count} service types do not resolve:\n{string.Join('\n', failures)}");
    }

    private static void Resolve(IServiceProvider provider, Type type, object? key, string from, List<string> failures)
    {
        try
        {
            _ = key is null ? provider.GetServices(type).ToList() : provider.GetKeyedServices(type, key).ToList();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException or OperationCanceledException)
        {
            failures.Add($"{type.FullName}{(key is null ? "" : $" [{key}]")} from the {from}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static async Task WaitOnlineAsync(HttpClient http, AgentProcess agent)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var agents = await http.GetFromJsonAsync<List<AgentInfo>>(new Uri("api/agents", UriKind.Relative), Token);
            if (agents!.Any(a => a.Name == "composition" && a.Status == AgentStatus.Online))
            {
                return;
            }

            await Task.Delay(100, Token);
        }

        throw new TimeoutException($"the agent did not come online; its output:\n{agent.Output}");
    }
}
