using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// What makes the dashboard safe to put in front of a browser: host names, origins, a reverse
/// proxy's headers, security headers and cookie flags, and error pages without internals.
/// </summary>
public static class WebSecurityExtensions
{
    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>();

        services.AddSingleton<AllowedHostNames>();
        services.AddHostedService<ExposureCheck>();
        // HostNameFilter applies AllowedHosts (with loopback always allowed); the framework's own
        // filter, which runs first and knows no 127.0.0.0/8, must not refuse what it accepts.
        services.PostConfigure<HostFilteringOptions>(options => options.AllowedHosts = ["*"]);

        services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>, KnownProxiesSetup>();
        // The allowed origins' pages may also read the answers (SignalR's negotiate is a fetch).
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<SecurityOptions>>((cors, security) => cors.AddDefaultPolicy(policy => policy
            .WithOrigins([.. security.Value.AllowedOrigins.Select(origin => origin.Trim().TrimEnd('/'))])
            .AllowAnyHeader()
            .AllowAnyMethod()
            .AllowCredentials()));
        services.Configure<CookiePolicyOptions>(cookies =>
        {
            cookies.MinimumSameSitePolicy = SameSiteMode.Lax;
            cookies.Secure = CookieSecurePolicy.SameAsRequest;
        });
        services.AddProblemDetails();
        return builder;
    }

    /// <summary>First in the pipeline: nothing else runs for a request these refuse.</summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<HostNameFilter>();
        app.UseMiddleware<OriginCheck>();
        app.UseCors();
        app.UseCookiePolicy();
        app.UseErrorPages();
        return app;
    }
}
