using Dashboard.Web.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.Features.Account;

public static class AccountEndpoints
{
    public const string SignInPath = "/account/login";

    /// <summary>
    /// The sign-in page's form posts here (antiforgery checked, as for every form), and the user menu's
    /// sign-out. Plain HTTP: the cookie must be set on a response, which a circuit does not have.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/signin", async ([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
                SignInManager<DashboardUser> signIn, UserManager<DashboardUser> users) =>
            {
                var name = userName?.Trim() ?? "";
                if (await users.FindByNameAsync(name) is { Disabled: true })
                {
                    return Again("disabled", name, returnUrl);
                }

                var result = await signIn.PasswordSignInAsync(name, password ?? "", isPersistent: false, lockoutOnFailure: true);
                return result.Succeeded ? Results.LocalRedirect(Local(returnUrl))
                    : result.IsLockedOut ? Again("locked", name, returnUrl)
                    : Again("invalid", name, returnUrl);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        endpoints.MapPost("/account/signout", async (SignInManager<DashboardUser> signIn) =>
            {
                await signIn.SignOutAsync();
                return Results.LocalRedirect(SignInPath);
            })
            .ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Again(string error, string userName, string? returnUrl) =>
        Results.LocalRedirect($"{SignInPath}?error={error}&user={Uri.EscapeDataString(userName)}&returnUrl={Uri.EscapeDataString(Local(returnUrl))}");

    // Only paths of this site: a sign-in link must not send anyone elsewhere.
    private static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
