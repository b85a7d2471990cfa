using Bunit;
using Dashboard.Sockets;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Udp;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Tests.Support;

/// <summary>A bUnit context with MudBlazor, the real socket engine and scan jobs, as the pages need them.</summary>
public abstract class DashboardUiContext : BunitContext
{
    /// <param name="configure">Changes to the services before the first render (options a test class needs).</param>
    protected DashboardUiContext(Action<IServiceCollection>? configure = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddSocketEngine();
        Services.AddSingleton<ProbeHistory>();
        Services.AddSingleton<UdpHistory>();
        Services.AddOptions<ScanJobOptions>();
        Services.AddLogging();
        Services.AddSingleton<ScanJobs>();
        configure?.Invoke(Services);
        Render<MudBlazor.MudPopoverProvider>();
    }
}
