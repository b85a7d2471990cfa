using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace Dashboard.Web.Hosting.RestAnswers;

/// <summary>
/// Answers the framework leaves empty on <c>/api</c> become problem details: a query or route value that does
/// not bind (<c>?page=abc</c>) becomes a 400 naming the field, and a known route asked with the wrong method a
/// 405 with <c>Allow</c> rather than an empty 404, a body that is not JSON (routing's own 415) a 415 saying so.
/// </summary>
public static class EmptyAnswerProblems
{
    public static IApplicationBuilder UseEmptyAnswerProblems(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.Use(async (context, next) =>
        {
            var response = context.Response;
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException) when (!response.HasStarted)
            {
                // Thrown instead of an empty 400 where RouteHandlerOptions.ThrowOnBadRequest is on (Development).
                response.Clear();
                response.StatusCode = StatusCodes.Status400BadRequest;
            }

            if (response.HasStarted || response.ContentType is not null || response.ContentLength > 0)
            {
                return;
            }

            if (response.StatusCode == StatusCodes.Status400BadRequest)
            {
                await BindingFailure(context).ExecuteAsync(context);
            }
            else if (response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed &&
                     AllowedMethods(context) is { Count: > 0 } allowed)
            {
                response.Headers.Allow = string.Join(", ", allowed);
                await TypedResults.Problem($"{context.Request.Path} answers {string.Join(", ", allowed)}, got {context.Request.Method}",
                    statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed").ExecuteAsync(context);
            }
            else if (response.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            {
                // Routing refuses a body against the route's Accepts metadata: JSON (WireJson), YAML for a watches import.
                await TypedResults.Problem($"Content-Type must be {string.Join(" or ", AcceptedTypes(context))}, got '{context.Request.ContentType}'",
                    statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type").ExecuteAsync(context);
            }
            else if (response.StatusCode is >= 400 and < 500)
            {
                await TypedResults.Problem($"{context.Request.Method} {context.Request.Path} answered {response.StatusCode}",
                    statusCode: response.StatusCode).ExecuteAsync(context);
            }
        }));

    /// <summary>The first query or route value of the endpoint's that does not parse as its parameter's type.</summary>
    private static IResult BindingFailure(HttpContext context)
    {
        // The handler's own method is in the endpoint's metadata: its parameters are what the query and route bind to.
        var handler = context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>();
        foreach (var parameter in handler?.GetParameters() ?? [])
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            var name = parameter.Name ?? "";
            var given = context.Request.Query.TryGetValue(name, out var query) ? query.ToString()
                : context.Request.RouteValues.TryGetValue(name, out var route) ? Convert.ToString(route, CultureInfo.InvariantCulture)
                : null;
            if (given is null || Parses(type, given))
            {
                continue;
            }

            var message = $"{name} must be {Described(type)}, got '{given}'";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] }, detail: message,
                title: "The request is not valid");
        }

        return TypedResults.Problem("a query or route value could not be read", statusCode: StatusCodes.Status400BadRequest,
            title: "The request is not valid");
    }

    private static bool Parses(Type type, string given) => type switch
    {
        _ when type == typeof(int) => int.TryParse(given, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(long) => long.TryParse(given, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(double) => double.TryParse(given, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(bool) => bool.TryParse(given, out _),
        _ when type == typeof(Guid) => Guid.TryParse(given, out _),
        _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(given, CultureInfo.InvariantCulture, out _),
        _ when type.IsEnum => Enum.TryParse(type, given, ignoreCase: true, out _),
        _ => true,
    };

    private static string Described(Type type) => type switch
    {
        _ when type == typeof(int) => $"a whole number from {int.MinValue} to {int.MaxValue}",
        _ when type == typeof(long) => $"a whole number from {long.MinValue} to {long.MaxValue}",
        _ when type == typeof(double) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type.IsEnum => string.Join(", ", Enum.GetNames(type)),
        _ => $"a {type.Name}",
    };

    /// <summary>The body types the API's routes take at this path and method; application/json when none says.</summary>
    private static List<string> AcceptedTypes(HttpContext context)
    {
        var accepted = context.RequestServices.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(context.Request.Method) == true &&
                        new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary(e.RoutePattern.Defaults)).TryMatch(context.Request.Path, []))
            .SelectMany(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return accepted.Count > 0 ? accepted : ["application/json"];
    }

    /// <summary>The methods the API's routes answer at this path, when the request's is not one of them.</summary>
    private static List<string> AllowedMethods(HttpContext context)
    {
        var sources = context.RequestServices.GetServices<EndpointDataSource>();
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { HttpMethods.Count: > 0 } methods ||
                endpoint.RoutePattern.RawText?.StartsWith("/api", StringComparison.OrdinalIgnoreCase) != true)
            {
                continue;
            }

            var matcher = new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary(endpoint.RoutePattern.Defaults));
            if (matcher.TryMatch(context.Request.Path, []))
            {
                allowed.UnionWith(methods.HttpMethods);
            }
        }

        return allowed.Contains(context.Request.Method) ? [] : [.. allowed];
    }
}
