using System.Text.Json;
using Dashboard.Contracts.Paths;
using Dashboard.Web.Features.Paths;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>A two-ended path check (<c>PathCheckRequest</c> → <c>PathCheckResult</c>).</summary>
    public Task<PathCheckResult> CheckPath(JsonElement request, PathCheckService paths) =>
        paths.CheckAsync(Actor, WireJson.Bind<PathCheckRequest>(request), Context.ConnectionAborted);

    /// <summary>A path matrix (<c>PathMatrixRequest</c> → <c>PathMatrixResult</c>), every row run, pass or fail per row.</summary>
    public Task<PathMatrixResult> RunPathMatrix(JsonElement request, PathCheckService paths) =>
        paths.RunMatrixAsync(Actor, WireJson.Bind<PathMatrixRequest>(request), Context.ConnectionAborted);

    /// <summary>Where work may run: this server and every agent (<c>VantagePointInfo[]</c>).</summary>
    public Task<IReadOnlyList<Contracts.Agents.VantagePointInfo>> ListVantagePoints(Features.Agents.AgentService agents) =>
        agents.VantagePointsAsync(Actor, Context.ConnectionAborted);
}
