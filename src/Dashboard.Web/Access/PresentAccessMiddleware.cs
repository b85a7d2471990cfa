using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Access;

/// <summary>
/// After authentication, on every request: a sign-in or token whose access has ended is treated as nobody
/// (a browser's cookie is also removed), and one whose user's role changed acts with the role it has now.
/// So REST calls, page loads and new hub and circuit connections all start from the present state.
/// </summary>
public sealed class PresentAccessMiddleware(RequestDelegate next, PresentAccess access)
{
    /// <summary>Set on a request whose sign-in was refused here, with the reason, for the sign-in page to show.</summary>
    public const string EndedItem = "sd:access-ended";

    public async Task InvokeAsync(HttpContext context)
    {
        if (PresentAccess.IsPerson(context.User))
        {
            var presence = await access.CheckAsync(context.User, context.RequestAborted);
            if (presence.Role is { } role)
            {
                context.User = PresentAccess.WithRole(context.User, role);
            }
            else
            {
                if (context.User.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme)
                {
                    context.Response.Cookies.Delete(AccessExtensions.CookieName);
                }

                context.Items[EndedItem] = presence.EndedBecause;
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }

        await next(context);
    }
}
