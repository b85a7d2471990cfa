using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashboard.Web.Access;

/// <summary>
/// Where a browser that is signed in, but whose role a page does not allow, is sent on a full page load:
/// a page of its own that says who is signed in and which role the page needs (not the sign-in form, which
/// would suggest the password was wrong).
/// </summary>
public static class AccessDenied
{
    public const string Path = "/account/denied";

    /// <summary>The query parameter naming the role the refused page needs (from the page's own [Authorize(Roles)]).</summary>
    public const string NeedsParameter = "needs";

    internal static Task RedirectAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var needs = context.HttpContext.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Roles).LastOrDefault(roles => !string.IsNullOrEmpty(roles));
        context.Response.Redirect(needs is null ? context.RedirectUri : QueryHelpers.AddQueryString(context.RedirectUri, NeedsParameter, needs));
        return Task.CompletedTask;
    }
}
