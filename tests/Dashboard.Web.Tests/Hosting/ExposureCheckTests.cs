using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>The start-up warning when where the dashboard listens and the names it answers to do not fit.</summary>
public sealed class ExposureCheckTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080", null, "ExposedWithoutHostNames")]
    [InlineData("http://[::]:8080", "localhost", "ExposedWithoutHostNames")]
    [InlineData("http://+:8080", "localhost;*.localhost", "ExposedWithoutHostNames")]
    [InlineData("http://0.0.0.0:8080", "dash.example.org", null)]
    [InlineData("http://127.0.0.1:5000", "localhost", null)]
    [InlineData("http://localhost:5000", null, null)]
    [InlineData("http://127.0.0.1:5000", "*", "AnyHostAllowed")]
    public async Task Start_WarnsOnlyWhenTheNamesDoNotFitTheAddress(string address, string? allowedHosts, string? warning)
    {
        var server = new AddressesOnly(address);
        var hosts = new AllowedHostNames(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AllowedHosts"] = allowedHosts }).Build());
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var logger = new Warnings();

        await new ExposureCheck(server, hosts, lifetime, logger).StartAsync(TestContext.Current.CancellationToken);
        lifetime.NotifyStarted();

        Assert.Equal(warning is null ? [] : [warning], logger.Events);
    }

    private sealed class AddressesOnly : IServer
    {
        public AddressesOnly(string address)
        {
            var addresses = new ServerAddressesFeature();
            addresses.Addresses.Add(address);
            Features.Set<IServerAddressesFeature>(addresses);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    /// <summary>The names of the warnings logged.</summary>
    private sealed class Warnings : ILogger<ExposureCheck>
    {
        public List<string> Events { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                Events.Add(eventId.Name!);
            }
        }
    }
}
