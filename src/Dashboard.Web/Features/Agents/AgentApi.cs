using Dashboard.Contracts.Agents;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.Agents;

public static class AgentApi
{
    /// <summary><c>/api/agents</c> (Admins) and <c>/api/vantage-points</c> (everyone signed in).</summary>
    public static RouteGroupBuilder MapAgentApi(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapPost("/", async (Actor actor, HttpContext http, AgentService service, CancellationToken cancellationToken) =>
            {
                var created = await service.CreateAsync(actor, await WireJson.ReadAsync<CreateAgentRequest>(http.Request, cancellationToken),
                    cancellationToken);
                return TypedResults.Created($"/api/agents/{created.Agent.Id}", created);
            })
            .WithName("CreateAgent")
            .WithSummary("Make an agent and its token (Admin); the token is shown only in this answer")
            .Accepts<CreateAgentRequest>("application/json")
            .Produces<AgentCreated>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        agents.MapGet("/", async (Actor actor, AgentService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.ListAsync(actor, cancellationToken)))
            .WithName("ListAgents")
            .WithSummary("Every agent with its status: online, offline or revoked (Admin)")
            .Produces<IReadOnlyList<AgentInfo>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        agents.MapDelete("/{id}", async (string id, Actor actor, AgentService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.RevokeAsync(actor, id, cancellationToken)))
            .WithName("RevokeAgent")
            .WithSummary("Revoke an agent's token and disconnect it at once (Admin)")
            .Produces<AgentInfo>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/vantage-points", async (Actor actor, AgentService service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await service.VantagePointsAsync(actor, cancellationToken)))
            .WithName("ListVantagePoints")
            .WithTags("Agents")
            .WithSummary("Where work may run (what from takes): this server and every agent, with whether it is online")
            .Produces<IReadOnlyList<VantagePointInfo>>();
        return api;
    }
}
