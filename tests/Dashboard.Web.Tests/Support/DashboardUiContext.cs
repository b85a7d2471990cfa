using System.Net;
using System.Security.Claims;
using Bunit;
using Dashboard.Sockets;
using Dashboard.Web.Access;
using Dashboard.Web.Features;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Udp;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// A bUnit context with MudBlazor, the real socket engine and feature services, as the pages need
/// them, and a circuit signed in as <see cref="UserName"/> with <see cref="UserRole"/>.
/// </summary>
public abstract class DashboardUiContext : BunitContext
{
    public const string UserName = "tester";

    /// <param name="role">The role of the user signed in on the circuit.</param>
    /// <param name="configure">Changes to the services before the first render (options a test class needs).</param>
    protected DashboardUiContext(Role role = Role.Operator, Action<IServiceCollection>? configure = null)
    {
        UserRole = role;
        // Generous: the suite shares two cores with real hosts and scans; a wait that passes returns at once.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddSocketEngine();
        Services.AddHttpContextAccessor();
        Services.AddScoped(provider =>
        {
            var actor = new UiActor(provider.GetRequiredService<IHttpContextAccessor>());
            actor.Use(Principal(UserName, role), IPAddress.Loopback);
            return actor;
        });
        Services.AddSingleton<ProbeHistory>();
        Services.AddSingleton<UdpHistory>();
        Services.AddDashboardFeatures();
        Services.AddLogging();
        configure?.Invoke(Services);
        Render<MudBlazor.MudPopoverProvider>();
    }

    public Role UserRole { get; }

    public static ClaimsPrincipal Principal(string name, Role role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "id-" + name), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role.ToString())],
            "test"));
}
