using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.Features.Account;

public static class AccountEndpoints
{
    public const string SignInPath = "/account/login";

    /// <summary>
    /// The sign-in page's form posts here (antiforgery checked, as for every form), and the user menu's
    /// sign-out. Plain HTTP: the cookie must be set on a response, which a circuit does not have. Every
    /// attempt is audited, through the UI door: signed in, refused (and why), signed out.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/signin", async ([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
                SignInManager<DashboardUser> signIn, UserManager<DashboardUser> users, AuditLog audit, HttpContext http) =>
            {
                var name = userName?.Trim() ?? "";
                var user = await users.FindByNameAsync(name);
                if (user is { Disabled: true })
                {
                    SignInFailed(audit, http, name, user, "the user is disabled");
                    return Again("disabled", name, returnUrl);
                }

                var result = await signIn.PasswordSignInAsync(name, password ?? "", isPersistent: false, lockoutOnFailure: true);
                if (result.Succeeded && user is not null)
                {
                    audit.Record(new Actor(user.Id, user.UserName ?? name, user.Role, http.Connection.RemoteIpAddress, Door.Ui), AuditActions.SignIn, name,
                        AuditOutcome.Ok, "password");
                    return Results.LocalRedirect(Local(returnUrl));
                }

                SignInFailed(audit, http, name, user, result.IsLockedOut ? "locked: too many wrong passwords" : user is null ? "no such user" : "wrong password");
                return result.IsLockedOut ? Again("locked", name, returnUrl) : Again("invalid", name, returnUrl);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        endpoints.MapPost("/account/signout", async (SignInManager<DashboardUser> signIn, AuditLog audit, HttpContext http) =>
            {
                var actor = Actors.From(http, Door.Ui);
                await signIn.SignOutAsync();
                audit.Record(actor, AuditActions.SignOut, actor.Name, AuditOutcome.Ok, null);
                return Results.LocalRedirect(SignInPath);
            })
            .ExcludeFromDescription();
        return endpoints;
    }

    // The name as typed (it may name nobody); never the password.
    private static void SignInFailed(AuditLog audit, HttpContext http, string name, DashboardUser? user, string why) =>
        audit.Append(new AuditEntry
        {
            AtMs = audit.Now,
            ActorId = user?.Id ?? "",
            ActorName = name,
            Role = user?.Role,
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            Door = Door.Ui,
            Action = AuditActions.SignInFailed,
            Target = name,
            Outcome = AuditOutcome.Refused,
            RefusalKind = ErrorKind.Forbidden,
            Detail = why,
        });

    private static IResult Again(string error, string userName, string? returnUrl) =>
        Results.LocalRedirect($"{SignInPath}?error={error}&user={Uri.EscapeDataString(userName)}&returnUrl={Uri.EscapeDataString(Local(returnUrl))}");

    // Only paths of this site: a sign-in link must not send anyone elsewhere.
    private static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
