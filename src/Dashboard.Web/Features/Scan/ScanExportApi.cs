using Dashboard.Contracts.Probe;
using Dashboard.Sockets;

namespace Dashboard.Web.Features.Scan;

public static class ScanExportApi
{
    /// <summary><c>GET /api/scans/{scanId}/results.{csv|json|gnmap}?states=open,filtered</c>: a download of the scan's results.</summary>
    public static IEndpointRouteBuilder MapScanApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/scans/{scanId}/results.{format}", (string scanId, string format, string? states, ScanJobs jobs, HttpContext http) =>
        {
            if (!ScanExport.ContentTypes.TryGetValue(format, out var contentType))
            {
                return Results.Problem($"format must be csv, json or gnmap, got '{format}'", statusCode: 400);
            }

            if (!jobs.TryGet(scanId, out var job))
            {
                return Results.Problem(jobs.NotFound(scanId), statusCode: 404);
            }

            IReadOnlySet<ProbeState>? selected;
            try
            {
                selected = ParseStates(states);
            }
            catch (InvalidRequestException e)
            {
                return Results.Problem(e.Message, statusCode: 400);
            }

            http.Response.Headers.ContentDisposition = $"attachment; filename=\"scan-{job.Id}.{format}\"";
            return Results.Stream(body => ScanExport.WriteAsync(format, job, selected, body, http.RequestAborted), contentType);
        });
        return endpoints;
    }

    private static HashSet<ProbeState>? ParseStates(string? states)
    {
        if (string.IsNullOrWhiteSpace(states))
        {
            return null;
        }

        var set = new HashSet<ProbeState>();
        foreach (var name in states.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            set.Add(Enum.TryParse<ProbeState>(name, ignoreCase: true, out var state) && Enum.IsDefined(state)
                ? state
                : throw new InvalidRequestException($"states: '{name}' is not a state: open, closed, filtered, unreachable, error"));
        }

        return set;
    }
}
