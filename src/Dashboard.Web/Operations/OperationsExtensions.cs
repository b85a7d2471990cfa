using Dashboard.Sockets;
using OpenTelemetry.Metrics;

namespace Dashboard.Web.Operations;

public static class OperationsExtensions
{
    /// <summary>Health checks, and the dashboard's metrics (with ASP.NET Core's own) through OpenTelemetry for Prometheus.</summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardMetrics>();
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(DashboardMetrics.MeterName, SocketsMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary><c>/healthz</c> (anonymous) and <c>/metrics</c> (Prometheus text format).</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
