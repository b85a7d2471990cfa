using Dashboard.Sockets.UnixSockets;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.UnixSockets;

public static class UnixSocketFeature
{
    /// <summary>Unix socket probes and sends; <c>Sockets:Unix:*</c>, <c>Policy:UnixSockets:*</c>.</summary>
    public static WebApplicationBuilder AddUnixSocketFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddUnixSocketFeature();
        builder.Services.AddOptions<UnixSocketOptions>().BindConfiguration(UnixSocketOptions.Section);
        return builder;
    }

    /// <summary>The service, its "run again" and the policy's check at start.</summary>
    public static IServiceCollection AddUnixSocketFeature(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<Policy.PolicyOptions>, UnixSocketPolicyValidation>();
        services.AddSingleton<UnixSocketService>();
        services.AddSingleton<History.IHistoryRerunner, UnixSocketRerunner>();
        return services;
    }
}
