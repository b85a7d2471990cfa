using Dashboard.Web.Access;
using Dashboard.Web.Features;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Notifications;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Hosting;
using Dashboard.Web.Operations;
using Dashboard.Web.Persistence;
using Dashboard.Web.ScaleOut;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>
/// The features register each scale-out seam with its single-instance default; <c>AddScaleOut</c> only replaces them,
/// so where it is called among the features changes nothing.
/// </summary>
public sealed class SeamRegistrationTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "sd-seams-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)));

    public ValueTask InitializeAsync() => _redis.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task ScaledOut_ScaleOutCalledBeforeOrAfterTheFeatures_ResolvesTheSameScaleOutImplementations()
    {
        var first = await ResolvedAsync(scaleOutFirst: true, redis: _redis.Address);
        var last = await ResolvedAsync(scaleOutFirst: false, redis: _redis.Address);

        Assert.Equal(last, first);
        Assert.All(last.Values, type => Assert.Equal(typeof(ScaleOutExtensions).Namespace, type.Namespace));
    }

    [Fact]
    public async Task SingleInstance_ScaleOutCalledBeforeOrAfterTheFeatures_ResolvesTheFeaturesDefaults()
    {
        var first = await ResolvedAsync(scaleOutFirst: true, redis: null);
        var last = await ResolvedAsync(scaleOutFirst: false, redis: null);

        Assert.Equal(last, first);
        Assert.All(last.Values, type => Assert.NotEqual(typeof(ScaleOutExtensions).Namespace, type.Namespace));
    }

    [Fact]
    public async Task ScaledOut_ScaleOutCalledFirst_RegistersOneHostedServiceOfEachKindAsWhenCalledLast()
    {
        var first = await HostedAsync(scaleOutFirst: true);
        var last = await HostedAsync(scaleOutFirst: false);

        Assert.Equal(last.Order(StringComparer.Ordinal), first.Order(StringComparer.Ordinal));
    }

    /// <summary>What each seam resolves to in an app composed as Program.cs does, with AddScaleOut first or last.</summary>
    private async Task<Dictionary<Type, Type>> ResolvedAsync(bool scaleOutFirst, string? redis)
    {
        await using var app = Compose(scaleOutFirst, redis);
        return Seams.All.ToDictionary(seam => seam, seam => app.Services.GetRequiredService(seam).GetType());
    }

    private async Task<List<string>> HostedAsync(bool scaleOutFirst)
    {
        await using var app = Compose(scaleOutFirst, _redis.Address);
        return [.. app.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName!)];
    }

    private WebApplication Compose(bool scaleOutFirst, string? redis)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["DataDir"] = _dataDir;
        builder.Configuration["ScaleOut:Redis"] = redis;
        builder.Configuration["ScaleOut:InstanceName"] = "seams";
        if (scaleOutFirst)
        {
            builder.AddScaleOut();
        }

        builder.AddPersistence();
        builder.AddSockets();
        builder.AddAccess();
        builder.AddHistoryFeature();
        builder.AddAuditFeature();
        builder.AddPolicyFeature();
        builder.AddProbeFeature();
        builder.AddUdpFeature();
        builder.AddListenersFeature();
        builder.AddScanFeature();
        builder.AddPathsFeature();
        builder.AddAccountFeature();
        builder.AddAgentsFeature();
        builder.AddWatchesFeature();
        builder.AddNotificationsFeature();
        builder.AddOperations();
        if (!scaleOutFirst)
        {
            builder.AddScaleOut();
        }

        return builder.Build();
    }
}
