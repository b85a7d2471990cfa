using Dashboard.Sockets.Identify;
using Dashboard.Web.Features.History;

namespace Dashboard.Web.Features.Identify;

public static class IdentifyFeature
{
    /// <summary>Service identification (one port, a list, a scan's open ports); <c>Sockets:Identify:*</c>.</summary>
    public static WebApplicationBuilder AddIdentifyFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentifyFeature();
        builder.Services.AddOptions<IdentifyOptions>().BindConfiguration(IdentifyOptions.Section);
        return builder;
    }

    public static IServiceCollection AddIdentifyFeature(this IServiceCollection services)
    {
        services.AddSingleton<IdentifyService>();
        services.AddSingleton<IdentifyBatches>();
        services.AddSingleton<IHistoryRerunner, IdentifyRerunner>();
        return services;
    }
}
