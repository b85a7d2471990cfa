using System.Text.Json.Serialization;

namespace Dashboard.Web.Hosting.OpenApi;

/// <summary>How the OpenAPI document at <c>/openapi/v1.json</c> is made usable as it is by generators and the reference page.</summary>
internal static class OpenApiDocumentSetup
{
    public static IServiceCollection AddDashboardOpenApi(this IServiceCollection services)
    {
        // The schemas follow these options: with the web default (numbers read from strings too) every integer is
        // described as integer|string, though the API's own reader (WireJson, Strict) refuses strings.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Socket Dashboard API";
                document.Info.Description =
                    "TCP probes with connect_ex semantics, port scans, UDP sends and listeners, from the dashboard's host. " +
                    "The same records as the SignalR hub at /hubs/probe, camelCase JSON. Every 4xx is RFC 7807 problem details: " +
                    "400 with errors per field, 401 with WWW-Authenticate, 403, 404, 405 with Allow, 409, 415, 429 with Retry-After.";
                // The server is the request's own base address; paths already start with a slash.
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }

                return Task.CompletedTask;
            });
            options.AddBearerSecurity();
            options.AddResponseHeaders();
            options.AddUnsupportedMediaType();
            options.AddAlternateContent();
            options.AddRequiredProperties();
            options.AddValidationBounds();
        });
        return services;
    }
}
