using Dashboard.Web.Features.Reproduce;

namespace Dashboard.Web.Features;

public static class ReproduceFeature
{
    /// <summary>The commands that reproduce a result by hand.</summary>
    public static WebApplicationBuilder AddReproduceFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddReproduceFeature();
        return builder;
    }

    public static IServiceCollection AddReproduceFeature(this IServiceCollection services) => services.AddSingleton<ReproduceDefaults>().AddSingleton<ReproduceService>();
}
