using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Web.Access;

public static class AccessExtensions
{
    /// <summary>Actors for every door: the circuit's for the UI; the hub and the API make theirs from the request.</summary>
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CircuitHandler, UiActor.AddressCapture>();
        return builder;
    }
}
