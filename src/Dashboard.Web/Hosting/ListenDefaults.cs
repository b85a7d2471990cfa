namespace Dashboard.Web.Hosting;

/// <summary>Where the dashboard listens when nobody said.</summary>
public static class ListenDefaults
{
    /// <summary>Loopback only until authentication exists: a probe tool must not be open to the network by accident.</summary>
    public const string Url = "http://127.0.0.1:5000";

    /// <summary>
    /// Listens on <see cref="Url"/> unless an address was configured: <c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// <c>ASPNETCORE_HTTP_PORTS</c> (set by the .NET container images) or a <c>Kestrel:Endpoints</c> section.
    /// Done in code, not in appsettings.json, where it would outrank <c>ASPNETCORE_URLS</c>.
    /// </summary>
    public static WebApplicationBuilder ListenOnLoopbackUnlessTold(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var told = !string.IsNullOrEmpty(config["urls"]) || !string.IsNullOrEmpty(config["http_ports"]) ||
                   !string.IsNullOrEmpty(config["https_ports"]) || config.GetSection("Kestrel:Endpoints").Exists();
        if (!told)
        {
            builder.WebHost.UseUrls(Url);
        }

        return builder;
    }
}
