using System.Security.Cryptography;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Paths;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Paths;

/// <summary>
/// The one door to two-ended path checks and path matrices: a listener at B, a nonce from A, what B saw.
/// Both ends go through <see cref="VantagePoints"/>, so each end's own rules (an agent's local policy) hold,
/// and the dashboard's own rules hold too: the listener policy at B, the target policy on the address A
/// resolved (A then sends to that literal), and the user's probe or datagram quota.
/// </summary>
public sealed class PathCheckService(VantagePoints points, PathMatrices matrices, AuditQueue audit, TimeProvider time,
    TargetGate gate, ListenerPolicy listenerPolicy, Quotas quotas)
{
    public const int DefaultTimeoutMs = 3_000;

    public const int MaxTimeoutMs = 30_000;

    public const int MaxRows = 64;

    /// <summary>Rows checked at once; rows that share a listening end and port wait for each other.</summary>
    public const int MaxParallelRows = 8;

    public PathMatrices Matrices => matrices;

    /// <exception cref="RequestRefusedException">Invalid, not allowed at either end, or a vantage point offline.</exception>
    public Task<PathCheckResult> CheckAsync(Actor actor, PathCheckRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.PathCheck, request is null ? null : Describe(request.From, request.To, request.Protocol, request.Port), async () =>
        {
            Validate(request);
            actor.Require(Role.Operator, "checking a path");
            return await RunAsync(actor, request!, cancellationToken);
        }, result => $"{WireName(result.Outcome)}; seen from {result.SeenFrom ?? "-"}; sent from {result.SentFrom ?? "-"}{(result.NatDetected ? "; NAT" : "")}{(result.PayloadIntact == false ? "; payload changed" : "")}");

    /// <summary>
    /// A path watch's run: the same listener rules at the listening end and the policy on the resolved address at the
    /// sending end, without an audit entry of its own (the watch's changes are audited) and without the owner's
    /// per-minute quota (watches have their own bounds, <c>Watches:*</c>).
    /// </summary>
    /// <exception cref="RequestRefusedException">Invalid, not allowed at either end, or a vantage point offline.</exception>
    public Task<PathCheckResult> CheckForWatchAsync(Actor owner, PathCheckRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        owner.Require(Role.Operator, "a path watch's run");
        return RunAsync(owner, request, cancellationToken, takeQuota: false);
    }

    /// <summary>Runs every row (up to <see cref="MaxParallelRows"/> at once), keeps the result, and returns it.</summary>
    /// <exception cref="RequestRefusedException">Invalid rows or too many; a row that cannot run fails on its own instead.</exception>
    public Task<PathMatrixResult> RunMatrixAsync(Actor actor, PathMatrixRequest? request, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.PathMatrix, request?.Name ?? "path matrix", async () =>
        {
            ValidateMatrix(request);
            actor.Require(Role.Operator, "running a path matrix");
            var started = time.GetUtcNow();
            var results = new PathMatrixRowResult[request!.Rows!.Count];
            using var gate = new SemaphoreSlim(MaxParallelRows);
            var groups = request.Rows.Select((row, index) => (row, index))
                .GroupBy(r => (To: r.row.To?.Trim().ToLowerInvariant() ?? "", r.row.Port, r.row.Protocol ?? ListenerProtocol.Tcp));
            await Task.WhenAll(groups.Select(async group =>
            {
                foreach (var (row, index) in group)
                {
                    await gate.WaitAsync(cancellationToken);
                    try
                    {
                        results[index] = await RowAsync(actor, row, request.TimeoutMs, cancellationToken);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }
            }));
            var passed = results.Count(r => r.Passed);
            var matrix = new PathMatrixResult(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), string.IsNullOrWhiteSpace(request.Name) ? "path matrix" : request.Name.Trim(),
                actor.Name, started, time.GetUtcNow(), passed, results.Length - passed, results);
            matrices.Keep(matrix);
            return matrix;
        }, matrix => $"{matrix.Passed} passed, {matrix.Failed} failed", matrix => matrix.Id);

    /// <exception cref="RequestRefusedException">Not found.</exception>
    public PathMatrixResult Matrix(Actor actor, string? id)
    {
        actor.Require(Role.Viewer, "reading a path matrix");
        return matrices.Get(id);
    }

    public IReadOnlyList<PathMatrixResult> Recent(Actor actor)
    {
        actor.Require(Role.Viewer, "listing path matrices");
        return matrices.Recent();
    }

    private async Task<PathMatrixRowResult> RowAsync(Actor actor, PathMatrixRow row, int? timeoutMs, CancellationToken cancellationToken)
    {
        try
        {
            var check = await RunAsync(actor, new PathCheckRequest(row.From, row.To, row.Port, row.Protocol, row.Host, timeoutMs), cancellationToken);
            return new PathMatrixRowResult(row, check.Outcome == row.Expect, check, null);
        }
        catch (RequestRefusedException e)
        {
            return new PathMatrixRowResult(row, false, null, e.Message);
        }
    }

    private async Task<PathCheckResult> RunAsync(Actor actor, PathCheckRequest request, CancellationToken cancellationToken, bool takeQuota = true)
    {
        var from = await points.ResolveAsync(request.From, cancellationToken);
        var to = await points.ResolveAsync(request.To, cancellationToken);
        var advertised = to.Addresses;
        // Left empty: an agent's first advertised address; this server as From reaches it (loopback from itself).
        var host = request.Host?.Trim() ?? (advertised.Count > 0 ? advertised[0] : null) ?? (to.Id.Length == 0 ? points.ThisServerSeenBy(from) : null)
            ?? throw new InvalidRequestException($"host is required: the address {from.Name} sends to, as {to.Name} has none advertised");
        var protocol = request.Protocol ?? ListenerProtocol.Tcp;
        if (listenerPolicy.Problem(new ListenerRequest(protocol, PathCheck.BindFor(host), request.Port), atThisServer: to.Id.Length == 0) is { } problem)
        {
            throw RequestRefusedException.Forbidden($"{to.Name}: {problem}");
        }

        if (takeQuota && protocol == ListenerProtocol.Tcp)
        {
            quotas.TakeProbe(actor);
        }
        else if (takeQuota)
        {
            quotas.TakeDatagrams(actor, 1);
        }

        var answer = await gate.CheckAsync(from, actor, host, request.Port, "path", TimeSpan.FromSeconds(5), cancellationToken);
        if (answer.NotResolved is { } error)
        {
            throw new InvalidRequestException($"host '{host}' did not resolve at {from.Name}: {error}");
        }

        if (answer.Decision is { Allowed: false } decision)
        {
            throw RequestRefusedException.Forbidden(decision.Message);
        }

        return await new PathCheck(from, to, answer.Literal, request, time).RunAsync(actor.Name, cancellationToken);
    }

    private static void Validate(PathCheckRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { from?, to?, port, protocol?, host?, timeoutMs? }");
        }

        var problem = PortNumber.Problem(request.Port)
            ?? (request.Host is null ? null : HostName.Problem(request.Host))
            ?? (request.Protocol is null or ListenerProtocol.Tcp or ListenerProtocol.Udp ? null : "protocol must be tcp or udp")
            ?? Bounds.Problem("timeoutMs", request.TimeoutMs, MaxTimeoutMs);
        if (problem is not null)
        {
            throw new InvalidRequestException(problem);
        }
    }

    private static void ValidateMatrix(PathMatrixRequest? request)
    {
        if (request?.Rows is not { Count: > 0 } rows)
        {
            throw new InvalidRequestException($"rows is required: 1-{MaxRows} of {{ from?, to?, port, protocol?, expect, host? }}");
        }

        if (rows.Count > MaxRows)
        {
            throw new InvalidRequestException($"rows must be at most {MaxRows}, got {rows.Count}");
        }

        if (request.Name is { Length: > 100 })
        {
            throw new InvalidRequestException($"name must be at most 100 characters, got {request.Name.Length}");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new InvalidRequestException($"rows[{i}] is required");
            try
            {
                Validate(new PathCheckRequest(row.From, row.To, row.Port, row.Protocol, row.Host, request.TimeoutMs));
            }
            catch (InvalidRequestException e)
            {
                throw new InvalidRequestException($"rows[{i}].{e.Message}");
            }

            if (!Enum.IsDefined(row.Expect))
            {
                throw new InvalidRequestException($"rows[{i}].expect must be reachable or blocked");
            }
        }
    }

    internal static string WireName(PathExpectation outcome) => outcome == PathExpectation.Reachable ? "reachable" : "blocked";

    private static string Describe(string? from, string? to, ListenerProtocol? protocol, int port) =>
        $"{Name(from)} -> {Name(to)} {(protocol == ListenerProtocol.Udp ? "udp" : "tcp")}/{port}";

    private static string Name(string? vantage) => VantagePoints.IsLocal(vantage) ? "server" : vantage!.Trim()[..Math.Min(64, vantage.Trim().Length)];
}
