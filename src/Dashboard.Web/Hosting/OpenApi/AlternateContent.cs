using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Web.Hosting.OpenApi;

/// <summary>A second media type an endpoint answers a status with, as text (an export beside the JSON answer).</summary>
public sealed record AlternateContentMetadata(int Status, string ContentType);

/// <summary>
/// Adds <see cref="AlternateContentMetadata"/> to the document: <c>Produces</c> gives one schema to all of a status's
/// media types, but an export beside a JSON answer is text of its own.
/// </summary>
public static class AlternateContent
{
    public static TBuilder ProducesAlso<TBuilder>(this TBuilder builder, int status, string contentType)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AlternateContentMetadata(status, contentType));

    internal static OpenApiOptions AddAlternateContent(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        foreach (var alternate in context.Description.ActionDescriptor.EndpointMetadata.OfType<AlternateContentMetadata>())
        {
            if (operation.Responses?.TryGetValue(alternate.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var found) == true &&
                found is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                response.Content[alternate.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }

        return Task.CompletedTask;
    });
}
