using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Dashboard.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>
/// The real dashboard on a real Kestrel port on 127.0.0.1, for hub, API and browser tests, with a
/// database of its own (a SQLite file in a fresh data directory), an admin token for the API and
/// the hub, and the first admin's password for browsers. One host per test class; <see cref="With"/>
/// gives it settings of its own.
/// </summary>
public sealed class DashboardHost : WebApplicationFactory<Program>
{
    /// <summary>The first admin's name and password in every test host.</summary>
    public const string AdminName = "admin";
    public const string AdminPassword = "test-admin-password-1";

    private Dictionary<string, string?> _settings = [];
    private bool _ownsDataDir = true;
    private Action<IWebHostBuilder>? _configure;

    public DashboardHost() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    // Also on addresses of the test's own network namespaces' links: agents in those namespaces connect there.
    private DashboardHost(IReadOnlyList<IPAddress> alsoOn) => UseKestrel(options =>
    {
        options.Listen(IPAddress.Loopback, 0);
        foreach (var address in alsoOn)
        {
            options.Listen(address, 0);
        }
    });

    /// <summary>
    /// A host that listens on loopback and on <paramref name="alsoOn"/> (veth addresses a test made), answering
    /// to those addresses as host names; <see cref="AddressOn"/> gives each one's URL.
    /// </summary>
    public static DashboardHost AlsoOn(IReadOnlyList<IPAddress> alsoOn, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? [])
        {
            ["AllowedHosts"] = string.Join(';', alsoOn.Select(a => a.ToString())),
        };
        return new DashboardHost(alsoOn) { _settings = all };
    }

    /// <summary>Where the server listens on <paramref name="address"/>.</summary>
    public Uri AddressOn(IPAddress address)
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return new Uri(addresses.Addresses.First(a => new Uri(a).Host == address.ToString()) + "/");
    }

    /// <summary>
    /// A host whose settings override appsettings.json (keys as in configuration: <c>Sockets:Probe:MaxTimeoutMs</c>),
    /// and that <paramref name="configure"/> may build further: another environment, a test-only <see cref="ThrowingEndpoint"/>.
    /// </summary>
    public static DashboardHost With(Dictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null) =>
        new() { _settings = settings, _configure = configure };

    /// <summary>A host on an existing data directory: what a restart of the dashboard sees.</summary>
    public static DashboardHost Over(string dataDir, Dictionary<string, string?>? settings = null) =>
        new() { DataDir = dataDir, _settings = settings ?? [], _ownsDataDir = false };

    /// <summary>A host on an existing data directory and a fixed loopback port: a restart as a browser sees it, same address.</summary>
    public static DashboardHost OverOnPort(string dataDir, int port) =>
        new(port) { DataDir = dataDir, _ownsDataDir = false };

    private DashboardHost(int port) => UseKestrel(options => options.Listen(IPAddress.Loopback, port));

    /// <summary>The data directory (SQLite file, keys); removed when the host is disposed unless it was given.</summary>
    public string DataDir { get; private init; } = Path.Combine(Path.GetTempPath(), "sd-test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));

    /// <summary>The admin token (<c>Auth:BootstrapToken</c>) scripts would use.</summary>
    public string AdminToken { get; } = "sdt_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234/. Starts it on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            return new Uri(addresses.Addresses.First(a => new Uri(a).IsLoopback) + "/");
        }
    }

    /// <summary>
    /// The first admin as a service's actor, for tests that call feature services directly: a real user, so the
    /// services' checks of the actor's present role read a real row.
    /// </summary>
    public Dashboard.Web.Access.Actor Admin
    {
        get
        {
            StartServer();
            using var scope = Services.CreateScope();
            var id = scope.ServiceProvider.GetRequiredService<Dashboard.Web.Persistence.DashboardDb>().Users.Single(u => u.UserName == AdminName).Id;
            return new Dashboard.Web.Access.Actor(id, AdminName, Dashboard.Web.Access.Role.Admin, IPAddress.Loopback, Dashboard.Web.Access.Door.Ui);
        }
    }

    /// <summary>A SignalR .NET client for <c>/hubs/probe</c> over WebSockets, already started, with <paramref name="token"/> (the admin's by default).</summary>
    public async Task<HubConnection> ConnectHubAsync(CancellationToken cancellationToken, string? token = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, ProbeHubRoutes.Path.TrimStart('/')), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token ?? AdminToken))
            .Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    /// <summary>Plain HTTP to the dashboard with <paramref name="token"/> as bearer (the admin's by default; "" for none).</summary>
    public HttpClient Http(string? token = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        if (token != "")
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        }

        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DataDir", DataDir);
        builder.UseSetting("Auth:BootstrapToken", AdminToken);
        builder.UseSetting("Auth:BootstrapAdmin:Email", AdminName);
        builder.UseSetting("Auth:BootstrapAdmin:Password", AdminPassword);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RouteStatusRecorder>());
        _configure?.Invoke(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataDir && Directory.Exists(DataDir))
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment on a slow machine; the temp folder is the OS's to clean.
            }
        }
    }
}
