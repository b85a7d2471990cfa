using System.Text;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Errors;
using Dashboard.Web.Hosting.OpenApi;
using Dashboard.Web.Operations;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Watches.AsCode;

public static class WatchCodeApi
{
    public const string YamlMediaType = "application/yaml";

    private static readonly string[] YamlBodies = ["text/yaml", "text/plain"];

    /// <summary>
    /// <c>/api/watches/export</c>, <c>/import</c> and <c>/junit</c>: watches as code for git and CI. Literal segments,
    /// so they win over <c>/api/watches/{id}</c> whatever the order (a watch named "export" is read by its id).
    /// </summary>
    public static RouteGroupBuilder MapWatchCodeApi(this RouteGroupBuilder watches)
    {
        watches.MapGet("/export", async (Actor actor, WatchReads reads, IOptions<WatchOptions> options, string? group, CancellationToken cancellationToken) =>
            {
                var views = await reads.ListAsync(actor, new WatchFilter(group), cancellationToken);
                var header = $"Socket Dashboard watches{(string.IsNullOrWhiteSpace(group) ? "" : $" of group {group.Trim()}")}: POST /api/watches/import (docs/watches.md)";
                return Results.Text(WatchYaml.Write(views.Select(v => v.Spec), options.Value, header), YamlMediaType, Encoding.UTF8);
            })
            .WithName("ExportWatches")
            .WithSummary("Watches (of a group, or all) as YAML, by name, defaults left out: what import takes back")
            .Produces<string>(StatusCodes.Status200OK, YamlMediaType);

        watches.MapPost("/import", async (Actor actor, HttpContext http, WatchImport import, DashboardMetrics metrics, ILogger<WatchImport> logger, bool? dryRun, bool? prune,
                CancellationToken cancellationToken) =>
            {
                if (await ReadBodyAsync(http.Request, cancellationToken) is not { } yaml)
                {
                    return (IResult)TypedResults.Problem($"body: a document is at most {WatchImport.MaxBytes} bytes (1 MiB); split it by group",
                        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
                }

                try
                {
                    return (IResult)TypedResults.Ok(await import.ImportAsync(actor, yaml, dryRun == true, prune == true, cancellationToken));
                }
                catch (WatchImportRefusedException e)
                {
                    // Every watch's problem at once, and the whole answer beside them, so CI shows all it must fix.
                    metrics.Refused(e.Kind, Door.Api);
                    RefusalLog.Refused(logger, e, $"{http.Request.Method} {http.Request.Path}", Door.Api, http);
                    var errors = e.Result.Watches.Where(w => w.Action == WatchImportAction.Error)
                        .GroupBy(w => $"watches[{w.Index}].{w.Field}").ToDictionary(g => g.Key, g => g.Select(w => $"'{w.Name}' (line {w.Line}): {w.Error}").ToArray());
                    return TypedResults.ValidationProblem(errors, e.Message, title: "The import is not valid: nothing was applied",
                        extensions: new Dictionary<string, object?> { ["result"] = e.Result });
                }
            })
            .WithName("ImportWatches")
            .WithSummary("Apply a YAML document of watches by name: create the new, update the changed, leave the same alone (dryRun=true: only say so; prune=true: delete the rest of its groups)")
            .WithDescription($"Body: YAML (application/yaml, text/yaml or text/plain), at most {WatchImport.MaxBytes} bytes. All or nothing: if any watch is invalid or not " +
                             "yours to change, nothing is applied and the 400 lists every problem (errors: watches[i].field) with the whole answer under result.")
            .Accepts<string>(YamlMediaType, YamlBodies)
            .Produces<WatchImportResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        watches.MapGet("/junit", async (Actor actor, WatchReads reads, TimeProvider time, string? group, CancellationToken cancellationToken) =>
                Results.Text(WatchJunit.Write(await reads.ListAsync(actor, new WatchFilter(group), cancellationToken), time.GetUtcNow()), "application/xml", Encoding.UTF8))
            .WithName("GetWatchesJUnit")
            .WithSummary("The watches' state now as JUnit XML for CI: a suite per group, a case per watch and vantage point; down fails, paused or unknown is skipped")
            .Produces<string>(StatusCodes.Status200OK, "application/xml");
        return watches;
    }

    /// <summary>The body as UTF-8 text, or null past <see cref="WatchImport.MaxBytes"/> (read no further than one byte past it).</summary>
    /// <exception cref="InvalidRequestException">Not UTF-8.</exception>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[WatchImport.MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > WatchImport.MaxBytes)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidRequestException("body must be UTF-8 text (YAML)");
        }
    }
}
