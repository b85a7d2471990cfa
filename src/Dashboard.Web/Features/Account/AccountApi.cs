using System.Globalization;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.Features.Account;

public static class AccountApi
{
    public const string SignInPath = "/account/login";

    /// <summary>Where the sign-in page's form posts (and the only path the known-browser cookie is sent to).</summary>
    public const string SignInPostPath = "/account/signin";

    /// <summary>
    /// The sign-in page's form posts here (antiforgery checked, as for every form), and the app bar's
    /// sign-out. Plain HTTP: the cookie must be set on a response, which a circuit does not have. Every
    /// attempt is audited, through the UI door: signed in, refused (and why), signed out.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SignInPostPath, async ([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
                PasswordSignIn signIn, HttpContext http) =>
            {
                var name = userName?.Trim() ?? "";
                var (answer, retryAfter) = await signIn.SignInAsync(http, name, password ?? "", http.RequestAborted);
                if (answer == SignInAnswer.SignedIn)
                {
                    return Results.LocalRedirect(ReturnUrls.Local(returnUrl));
                }

                if (answer == SignInAnswer.Throttled)
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return Again(answer.ToString().ToLowerInvariant(), name, returnUrl);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        // A form post with the antiforgery token: the middleware checks it (the endpoint's metadata asks it to); no
        // form field is bound, so nothing else would refuse a post without one.
        // The user's security stamp changes, announced to every instance, so every cookie of theirs, a copied one
        // too, is refused from the next request on: signing out ends the user's sessions in every browser.
        endpoints.MapPost("/account/signout", async (IAntiforgery antiforgery, UserManager<DashboardUser> users, SignInManager<DashboardUser> signIn,
                PresentAccess access, AuditQueue audit, HttpContext http) =>
            {
                if (!(http.Features.Get<IAntiforgeryValidationFeature>()?.IsValid ?? await antiforgery.IsRequestValidAsync(http)))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out refused",
                        detail: "__RequestVerificationToken: sign out with the Sign out button of a dashboard page (a form with its antiforgery token)");
                }

                var actor = Actors.From(http, Door.Ui);
                if (await users.GetUserAsync(http.User) is { } user)
                {
                    await users.UpdateSecurityStampAsync(user);
                    await access.PublishAsync(new AccessChange(user.Id), http.RequestAborted);
                }

                await signIn.SignOutAsync();
                audit.Record(actor, AuditActions.SignOut, actor.Name, AuditOutcome.Ok, null);
                return Results.LocalRedirect(SignInPath);
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Again(string error, string userName, string? returnUrl) =>
        Results.LocalRedirect($"{SignInPath}?error={error}&user={Uri.EscapeDataString(userName)}&returnUrl={Uri.EscapeDataString(ReturnUrls.Local(returnUrl))}");
}
