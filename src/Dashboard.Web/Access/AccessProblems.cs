namespace Dashboard.Web.Access;

/// <summary>401 and 403 for machines: problem details for the API and the hub, where a browser's redirect to sign-in means nothing.</summary>
public static class AccessProblems
{
    /// <summary>Requests that get a status and a problem rather than a redirect to the sign-in page.</summary>
    public static bool IsMachineRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs") ||
        context.Request.Path.StartsWithSegments("/metrics") || context.Request.Path.StartsWithSegments("/_blazor");

    /// <summary>The challenge a 401 carries (RFC 6750): clients and generated SDKs learn from it that a bearer token is what to send.</summary>
    public const string BearerChallenge = "Bearer realm=\"Socket Dashboard\"";

    public static Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            // A token that was sent and refused says so (RFC 6750 section 3.1); a missing one just names the scheme.
            context.Response.Headers.WWWAuthenticate = TokenAuthentication.Carries(context)
                ? BearerChallenge + ", error=\"invalid_token\""
                : BearerChallenge;
        }

        return context.Response.WriteAsJsonAsync(new
        {
            type = status == StatusCodes.Status401Unauthorized ? "https://tools.ietf.org/html/rfc9110#section-15.5.2" : "https://tools.ietf.org/html/rfc9110#section-15.5.4",
            title = status == StatusCodes.Status401Unauthorized ? "Sign in first" : "Forbidden",
            status,
            detail,
        }, options: null, contentType: "application/problem+json");
    }
}
