using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Sockets.Tls;

internal static class TlsRegistration
{
    /// <summary>The TLS checker, its trust roots and its validated options (<see cref="TlsOptions.Section"/>, bound by the host).</summary>
    public static void AddTlsChecks(IServiceCollection services)
    {
        services.AddSingleton<TrustRoots>();
        services.AddSingleton<TlsChecker>();
        services.AddOptions<TlsOptions>()
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultTimeoutMs <= o.MaxTimeoutMs, "Sockets:Tls:DefaultTimeoutMs must not exceed MaxTimeoutMs")
            .Validate(o => o.ExtraTrustedCaFiles.All(File.Exists), "Sockets:Tls:ExtraTrustedCaFiles must name PEM files that exist")
            .ValidateOnStart();
    }
}
