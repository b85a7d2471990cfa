using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// This process among the dashboard's instances: the name its running work is stored under. Known in single-instance
/// mode too, so a later switch to scale-out finds every item attributed.
/// </summary>
public sealed class InstanceIdentity(IOptions<ScaleOutOptions> options, IConfiguration configuration)
{
    private readonly Lazy<string> _name = new(() => options.Value.InstanceName is { Length: > 0 } name ? name : DefaultName(configuration));

    public string Name => _name.Value;

    public bool ScaledOut => options.Value.Enabled;

    /// <summary>Registers it once, whoever needs it first (the history, the features, scale-out); without configuration (component tests) by the machine's name.</summary>
    public static void TryRegister(IServiceCollection services) =>
        services.TryAddSingleton(provider => new InstanceIdentity(provider.GetRequiredService<IOptions<ScaleOutOptions>>(),
            provider.GetService<IConfiguration>() ?? new ConfigurationBuilder().Build()));

    /// <summary>The machine's name and the port it is told to listen on (the port tells two instances on one machine apart).</summary>
    internal static string DefaultName(IConfiguration configuration)
    {
        var port = PortOf(configuration["urls"]) ?? FirstOf(configuration["http_ports"]) ?? PortOf(Hosting.ListenDefaults.Url);
        var name = $"{Environment.MachineName}:{port}";
        return name.Length <= 100 ? name : name[..100];
    }

    private static string? PortOf(string? urls)
    {
        var first = FirstOf(urls);
        if (first is null)
        {
            return null;
        }

        // "http://+:8080" and "http://*:8080" are not URIs; the port is what follows the last colon.
        var colon = first.LastIndexOf(':');
        var port = colon < 0 ? "" : first[(colon + 1)..].TrimEnd('/');
        return port.All(char.IsAsciiDigit) && port.Length > 0 ? port : null;
    }

    private static string? FirstOf(string? list) =>
        list?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
