using System.Net;
using Dashboard.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>
/// The real dashboard on a real Kestrel port on 127.0.0.1, for hub and browser tests. One host
/// per test class; <see cref="With"/> gives it settings of its own.
/// </summary>
public sealed class DashboardHost : WebApplicationFactory<Program>
{
    private Dictionary<string, string?> _settings = [];
    private Action<IWebHostBuilder>? _configure;

    public DashboardHost() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>
    /// A host whose settings override appsettings.json (keys as in configuration: <c>Sockets:Probe:MaxTimeoutMs</c>),
    /// and that <paramref name="configure"/> may build further: another environment, a test-only <see cref="ThrowingEndpoint"/>.
    /// </summary>
    public static DashboardHost With(Dictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null) =>
        new() { _settings = settings, _configure = configure };

    /// <summary>Where the server listens, e.g. http://127.0.0.1:41234/. Starts it on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            return new Uri(addresses.Addresses.First() + "/");
        }
    }

    /// <summary>A SignalR .NET client for <c>/hubs/probe</c> over WebSockets, already started.</summary>
    public async Task<HubConnection> ConnectHubAsync(CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, ProbeHubRoutes.Path.TrimStart('/')))
            .Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        _configure?.Invoke(builder);
    }
}
