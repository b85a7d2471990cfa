using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Udp;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Support;

/// <summary>The Blazor Server UI: components, MudBlazor, per-circuit state.</summary>
public static class DashboardUiExtensions
{
    public static WebApplicationBuilder AddDashboardUi(this WebApplicationBuilder builder)
    {
        // Serve the static assets of packages (MudBlazor) from the build output in every
        // environment, not only Development: `dotnet run` must work as it is.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = CircuitLimits.MaxReceiveMessageBytes);
        builder.Services.AddMudServices();
        builder.Services.AddScoped<ProbeHistory>();
        builder.Services.AddScoped<UdpHistory>();
        return builder;
    }

    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
