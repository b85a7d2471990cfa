using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Udp;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features;

public static class FeatureExtensions
{
    /// <summary>
    /// The feature services every door goes through, the vantage point they execute at, and the
    /// hosted services that own scans and listener expiry (started with the app, stopped before it ends).
    /// </summary>
    public static WebApplicationBuilder AddFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IVantagePoint, LocalVantagePoint>();
        builder.Services.AddSingleton<ProbeService>();
        builder.Services.AddSingleton<UdpService>();
        builder.Services.AddSingleton<ListenerService>();
        builder.Services.AddHostedService<ListenerExpiry>();
        builder.Services.AddOptions<ScanJobOptions>().BindConfiguration(ScanJobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ScanJobs>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ScanJobs>());
        builder.Services.AddSingleton<ScanService>();
        return builder;
    }
}
