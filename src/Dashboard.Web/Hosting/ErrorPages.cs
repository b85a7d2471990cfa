using Microsoft.AspNetCore.Diagnostics;

namespace Dashboard.Web.Hosting;

/// <summary>
/// What a browser sees when something fails: the app's own pages (Components/Pages), never a
/// stack trace outside Development; API callers get problem details instead of a page.
/// </summary>
internal static class ErrorPages
{
    public const string ErrorPath = "/error";
    public const string NotFoundPath = "/not-found";

    public static WebApplication UseErrorPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            // The outer handler renders the error page; the inner one, only on /api, answers first.
            app.UseExceptionHandler(ErrorPath, createScopeForErrors: true);
            app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler());
        }

        // Not in a UseWhen branch: a branch has no global router, and re-execution would find no page.
        app.UseStatusCodePagesWithReExecute(NotFoundPath, createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            // The not-found page only for a page address that was not found: an empty 404 from the
            // API or the hub stays as it is for its client, and a 400 or 405 is not "not found".
            var statusCodePages = context.Features.Get<IStatusCodePagesFeature>();
            if (statusCodePages is not null && !IsPageRequest(context.Request))
            {
                statusCodePages.Enabled = false;
            }

            await next(context);
            if (statusCodePages is not null && context.Response.StatusCode != StatusCodes.Status404NotFound)
            {
                statusCodePages.Enabled = false;
            }
        });
        return app;
    }

    private static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        !request.Path.StartsWithSegments("/api") &&
        !request.Path.StartsWithSegments("/hubs") &&
        !request.Path.StartsWithSegments("/_blazor") &&
        !request.Path.StartsWithSegments("/_framework") &&
        !request.Path.StartsWithSegments("/_content") &&
        !request.Path.StartsWithSegments("/openapi");
}
