using Bunit;
using Dashboard.Sockets;
using Dashboard.Web.Features.Probe;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Tests.Features.Probe;

/// <summary>A bUnit context with MudBlazor and the real socket engine, as the Probe page needs them.</summary>
public abstract class ProbeUiContext : BunitContext
{
    protected ProbeUiContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddSocketEngine();
        Services.AddSingleton<ProbeHistory>();
        Render<MudBlazor.MudPopoverProvider>();
    }
}
