using Dashboard.Web.Access;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Web.Hosting.OpenApi;

/// <summary>A header an endpoint sets on one of its answers, for the OpenAPI document.</summary>
public sealed record ResponseHeaderMetadata(int Status, string Name, string Description);

/// <summary>
/// Response headers in the OpenAPI document: the ones every answer of a status carries (Location on 201/202,
/// Retry-After on 429, WWW-Authenticate on 401, Allow on 405) and the ones an endpoint declares with
/// <see cref="ProducesHeader{TBuilder}"/>.
/// </summary>
public static class ResponseHeaders
{
    private static readonly ResponseHeaderMetadata[] ByStatus =
    [
        new(StatusCodes.Status201Created, "Location", "Where the new item is read"),
        new(StatusCodes.Status202Accepted, "Location", "Where the started work is followed"),
        new(StatusCodes.Status401Unauthorized, "WWW-Authenticate", $"The scheme to authenticate with: {AccessProblems.BearerChallenge}"),
        new(StatusCodes.Status405MethodNotAllowed, "Allow", "The methods this path answers"),
        new(StatusCodes.Status429TooManyRequests, "Retry-After", "Seconds until a retry may succeed"),
    ];

    public static TBuilder ProducesHeader<TBuilder>(this TBuilder builder, int status, string name, string description)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ResponseHeaderMetadata(status, name, description));

    internal static OpenApiOptions AddResponseHeaders(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<ResponseHeaderMetadata>();
        foreach (var header in ByStatus.Concat(declared))
        {
            if (operation.Responses?.TryGetValue(header.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var found) != true ||
                found is not OpenApiResponse response)
            {
                continue;
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[header.Name] = new OpenApiHeader
            {
                Description = header.Description,
                Required = true,
                Schema = new OpenApiSchema { Type = header.Name == "Retry-After" ? JsonSchemaType.Integer : JsonSchemaType.String },
            };
        }

        return Task.CompletedTask;
    });
}
