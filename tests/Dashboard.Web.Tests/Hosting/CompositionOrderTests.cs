using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Hosting;
using Dashboard.Web.Hub;
using Dashboard.Web.Limits;
using Dashboard.Web.Operations;
using Dashboard.Web.Persistence;
using Dashboard.Web.ScaleOut;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>
/// Program.cs's Add* calls in its order and reversed build the same container: the same registrations of every
/// service type, and the same overrides (an override is an explicit replacement, never "whoever came first").
/// </summary>
public sealed class CompositionOrderTests : IDisposable
{
    /// <summary>Every Add* of Program.cs, in its order.</summary>
    private static readonly Action<WebApplicationBuilder>[] ProgramOrder =
    [
        b => b.ListenOnLoopbackUnlessTold(), b => b.AddWebSecurity(), b => b.AddLimits(), b => b.AddPersistence(),
        b => b.AddSockets(), b => b.AddAccess(), b => b.AddHistoryFeature(), b => b.AddAuditFeature(),
        b => b.AddPolicyFeature(), b => b.AddProbeFeature(), b => b.AddUdpFeature(), b => b.AddListenersFeature(),
        b => b.AddScanFeature(), b => b.AddPathsFeature(), b => b.AddAccountFeature(), b => b.AddAgentsFeature(),
        b => b.AddScaleOut(), b => b.AddProbeHub(), b => b.AddRestApi(), b => b.AddOperations(), b => b.AddDashboardUi(),
    ];

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sd-order-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ProgramsOrderAndReversed_RegisterTheSameImplementationsOfEveryService(bool scaledOut)
    {
        var programs = Registrations(Compose(ProgramOrder, scaledOut));
        var reversed = Registrations(Compose([.. ProgramOrder.Reverse()], scaledOut));

        var differing = programs.Keys.Union(reversed.Keys)
            .Where(service => programs.GetValueOrDefault(service) != reversed.GetValueOrDefault(service))
            .Select(service => $"{service}:\n  in Program's order: {programs.GetValueOrDefault(service) ?? "none"}\n  reversed: {reversed.GetValueOrDefault(service) ?? "none"}")
            .ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} service types are registered differently:\n{string.Join('\n', differing)}");
    }

    [Fact]
    public async Task ScaledOut_ScaleOutBeforePersistence_StillKeepsTheKeysInTheSharedDatabase()
    {
        await using var programs = Compose(ProgramOrder, scaledOut: true).Build();
        await using var reversed = Compose([.. ProgramOrder.Reverse()], scaledOut: true).Build();

        var expected = typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.EntityFrameworkCoreXmlRepository<DashboardDb>);
        Assert.Equal(expected, programs.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository?.GetType());
        Assert.Equal(expected, reversed.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository?.GetType());
    }

    private WebApplicationBuilder Compose(IEnumerable<Action<WebApplicationBuilder>> registrations, bool scaledOut)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["DataDir"] = _dataDir;
        builder.Configuration["ScaleOut:InstanceName"] = "order";
        // Never connected: the container is only composed (and options read), no service that talks to Redis is made.
        builder.Configuration["ScaleOut:Redis"] = scaledOut ? "127.0.0.1:1" : null;
        foreach (var add in registrations)
        {
            add(builder);
        }

        return builder;
    }

    /// <summary>Per service type (and key), its registrations' lifetimes and implementations, sorted: what any order must agree on.</summary>
    private static Dictionary<string, string> Registrations(WebApplicationBuilder builder) =>
        builder.Services
            .GroupBy(d => d.ServiceType.FullName + (d.IsKeyedService ? $" [{d.ServiceKey}]" : ""))
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(Implementation).Order(StringComparer.Ordinal)));

    private static string Implementation(ServiceDescriptor d)
    {
        var type = d.IsKeyedService ? d.KeyedImplementationType : d.ImplementationType;
        var instance = d.IsKeyedService ? d.KeyedImplementationInstance : d.ImplementationInstance;
        var factory = d.IsKeyedService ? (Delegate?)d.KeyedImplementationFactory : d.ImplementationFactory;
        var made = type?.FullName ?? instance?.GetType().FullName ?? $"{factory!.Method.DeclaringType?.FullName}.{factory.Method.Name}";
        return $"{d.Lifetime} {made}";
    }
}
