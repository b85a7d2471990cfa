using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> for the API and the hub, and SignalR's <c>access_token</c>
/// query parameter on <c>/hubs/*</c> (browsers cannot set headers on a WebSocket).
/// </summary>
public sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    /// <summary>Whether the request carries a token this handler should judge.</summary>
    public static bool Carries(HttpContext context) => Secret(context) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Secret(Context) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }

        if (await tokens.CheckAsync(secret, Context.RequestAborted) is not { } holder)
        {
            return AuthenticateResult.Fail("the token is unknown, revoked or expired, or its user is disabled");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, holder.UserId),
            new Claim(ClaimTypes.Name, holder.UserName),
            new Claim(ClaimTypes.Role, holder.Role.ToString()),
            new Claim(DashboardClaims.TokenId, holder.TokenId),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AccessProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            "the token is unknown, revoked or expired, or its user is disabled: make a new one on the Account page");

    private static string? Secret(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"].ToString() is { Length: > 0 } query
            ? query
            : null;
    }
}
