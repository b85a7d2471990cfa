using Dashboard.Web.Access;
using Dashboard.Web.Hosting.OpenApi;

namespace Dashboard.Web.Features.Audit;

public static class AuditApi
{
    /// <summary><c>GET /api/audit</c> (a page, JSON) and <c>GET /api/audit.csv</c> (everything matching): Admins only.</summary>
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", (string? user, string? action, string? outcome, string? from, string? to, int? page, int? pageSize, Actor actor,
                    AuditService audit, CancellationToken cancellationToken) =>
                audit.SearchAsync(actor, AuditFilter.Parse(user, action, outcome, from, to), page ?? 1, pageSize ?? 100, cancellationToken))
            .WithName("GetAudit")
            .WithTags("Audit")
            .WithSummary("The audit trail, a page at a time (Admins)")
            .WithDescription("Newest first. user= an actor's name; action= e.g. probe, scan.start, signin.failed; outcome= ok, refused, failed; " +
                             "from= and to= ISO 8601 (a bare date in to includes the day); page from 1; pageSize 1-500 (default 100).")
            .Produces<AuditPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/audit.csv", (string? user, string? action, string? outcome, string? from, string? to, Actor actor, HttpContext http, AuditService audit) =>
            {
                var entries = audit.ExportAsync(actor, AuditFilter.Parse(user, action, outcome, from, to), http.RequestAborted);
                http.Response.Headers.ContentDisposition = "attachment; filename=\"audit.csv\"";
                return Results.Stream(body => AuditCsv.WriteAsync(entries, body, http.RequestAborted), "text/csv; charset=utf-8");
            })
            .WithName("ExportAudit")
            .WithTags("Audit")
            .WithSummary("The audit trail as CSV (Admins)")
            .WithDescription("Every row matching the same filters as GET /api/audit, newest first. Fields are quoted; a field starting with = + - @ is prefixed with ' so spreadsheets do not run it.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesHeader(StatusCodes.Status200OK, "Content-Disposition", "attachment; filename=\"audit.csv\"")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }
}
