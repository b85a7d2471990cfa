using Dashboard.Web.Features.History;

namespace Dashboard.Web.Features.Tls;

public static class TlsFeature
{
    /// <summary>TLS checks: the service and "run again" for stored ones (the engine and its <c>Sockets:Tls</c> options come with the sockets).</summary>
    public static WebApplicationBuilder AddTlsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddTlsFeature();
        return builder;
    }

    public static IServiceCollection AddTlsFeature(this IServiceCollection services)
    {
        services.AddSingleton<TlsService>();
        services.AddSingleton<IHistoryRerunner, TlsRerunner>();
        return services;
    }
}
