using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Web.Hosting.OpenApi;

/// <summary>
/// 415 on every operation that reads a body: routing refuses a body of another type than it takes (JSON; YAML for an import) before the
/// handler runs, and <see cref="RestAnswers.EmptyAnswerProblems"/> answers it as problem details.
/// </summary>
internal static class UnsupportedMediaType
{
    public static OpenApiOptions AddUnsupportedMediaType(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (operation.RequestBody is null || operation.Responses is null)
        {
            return Task.CompletedTask;
        }

        operation.Responses["415"] = new OpenApiResponse
        {
            Description = $"The body is not {string.Join(" or ", (IEnumerable<string>?)operation.RequestBody.Content?.Keys ?? ["application/json"])}",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        };
        return Task.CompletedTask;
    });
}
