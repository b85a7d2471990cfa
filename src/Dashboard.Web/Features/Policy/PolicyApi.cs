using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Policy;

public static class PolicyApi
{
    /// <summary><c>GET /api/policy</c>, <c>PUT /api/policy</c> and <c>GET /api/policy/test</c>: Admins only.</summary>
    public static RouteGroupBuilder MapPolicyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/policy", (Actor actor, PolicyService policy, CancellationToken cancellationToken) =>
                policy.GetAsync(actor, cancellationToken))
            .WithName("GetPolicy")
            .WithTags("Policy")
            .WithSummary("The target policy, the listener policy and the quotas (Admins)")
            .WithDescription("Rules in the order they are checked: the built-in ones (builtIn: true, from configuration) first, then the Admins'. " +
                             "The first rule whose networks, ports and roles match an address decides it; none: defaultAction.")
            .Produces<PolicyDocument>()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPut("/policy", async (Actor actor, HttpContext http, PolicyService policy, CancellationToken cancellationToken) =>
                TypedResults.Ok(await policy.ReplaceAsync(actor, await WireJson.ReadAsync<PolicyUpdate>(http.Request, cancellationToken),
                    cancellationToken)))
            .Accepts<PolicyUpdate>("application/json")
            .WithName("PutPolicy")
            .WithTags("Policy")
            .WithSummary("Replaces the Admins' rules (Admins)")
            .WithDescription("Body { rules: [{ name, action: allow|deny, networks: [cidr...], ports?: \"22,8000-8100\", roles?: [Viewer|Operator|Admin] }] } " +
                             "in order. Rules with builtIn: true are skipped, so a GET's document can be edited and sent back. Audited as policy.change.")
            .Produces<PolicyDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/policy/test", (string? address, int? port, string? role, Actor actor, PolicyService policy, CancellationToken cancellationToken) =>
                policy.TestAsync(actor, address, port, role ?? "Operator", cancellationToken))
            .WithName("TestPolicy")
            .WithTags("Policy")
            .WithSummary("Would address:port be allowed for a role, and which rule decides? (Admins)")
            .WithDescription("address= an IPv4 or IPv6 literal (nothing is resolved or sent); port= 1-65535; role= Viewer, Operator (default) or Admin.")
            .Produces<PolicyTestResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }
}
