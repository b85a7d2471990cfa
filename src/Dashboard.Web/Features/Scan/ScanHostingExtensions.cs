namespace Dashboard.Web.Features.Scan;

public static class ScanHostingExtensions
{
    /// <summary>Scan jobs, with their options bound to <c>Dashboard:Scans</c> and validated at start.</summary>
    public static WebApplicationBuilder AddScans(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScanJobOptions>().BindConfiguration(ScanJobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ScanJobs>();
        return builder;
    }
}
