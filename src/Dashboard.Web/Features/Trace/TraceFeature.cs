using Dashboard.Sockets.Tracing;
using Dashboard.Web.Features.History;

namespace Dashboard.Web.Features.Trace;

public static class TraceFeature
{
    /// <summary>Traces to a port; <c>Sockets:Trace:*</c> (the engine's bounds).</summary>
    public static WebApplicationBuilder AddTraceFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddTraceFeature();
        builder.Services.AddOptions<TraceOptions>().BindConfiguration(TraceOptions.Section);
        return builder;
    }

    public static IServiceCollection AddTraceFeature(this IServiceCollection services)
    {
        services.AddSingleton<TraceService>();
        services.AddSingleton<IHistoryRerunner, TraceRerunner>();
        return services;
    }
}
