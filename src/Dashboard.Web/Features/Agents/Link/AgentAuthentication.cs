using System.Security.Claims;
using System.Text.Encodings.Web;
using Dashboard.Contracts.Agents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// Agent tokens (<c>sda_…</c>) on <c>/hubs/agents</c> only: <c>Authorization: Bearer</c> or SignalR's
/// <c>access_token</c>. Looked up on every connect (no cache), so a revoked token is refused at once.
/// An agent token is nobody's user token: the user doors refuse it, and this door refuses users.
/// </summary>
public sealed class AgentAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AgentRegistry registry) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Agent";

    public const string PolicyName = "Agent";

    public const string AgentIdClaim = "agent_id";

    public const string AgentNameClaim = "agent_name";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Context.Request.Path.StartsWithSegments(AgentHubRoutes.Path) || Secret(Context) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }

        if (await registry.CheckAsync(secret, Context.RequestAborted) is not { } agent)
        {
            return AuthenticateResult.Fail("the agent token is unknown or revoked");
        }

        var identity = new ClaimsIdentity([new Claim(AgentIdClaim, agent.Id), new Claim(AgentNameClaim, agent.Name), new Claim(ClaimTypes.Name, agent.Name)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Access.AccessProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            "agents connect with an agent token (made by an Admin on the Agents page): the token is missing, unknown or revoked");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => HandleChallengeAsync(properties);

    private static string? Secret(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return context.Request.Query["access_token"].ToString() is { Length: > 0 } query ? query : null;
    }
}
