using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Contracts.Identify;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Identify;

/// <summary>
/// Many identifications at once, with a bounded concurrency of their own: the open ports of a finished scan (from where
/// the scan ran), or a list of <c>host:port</c>. Each port goes through <see cref="IdentifyService"/> (policy, history,
/// audit); results stream in the order they finish. Everything that can refuse the batch is checked before the first
/// result (the request, the role, the vantage point, the quota: one probe per port, taken at once), so a door can still
/// answer a refusal as such.
/// </summary>
public sealed class IdentifyBatches(IdentifyService identify, ScanService scans, VantagePoints vantagePoints, Quotas quotas)
{
    /// <exception cref="RequestRefusedException">Invalid input or not allowed; nothing was sent.</exception>
    public Task<IAsyncEnumerable<IdentifyResult>> ListAsync(Actor actor, IdentifyBatchRequest? request, CancellationToken cancellationToken)
    {
        actor.Require(Role.Operator, "identifying services");
        var targets = request?.Targets ?? [];
        if (targets.Count is 0 || targets.Count > identify.Options.MaxBatchPorts)
        {
            throw new InvalidRequestException($"targets must hold 1-{identify.Options.MaxBatchPorts} host:port items, got {targets.Count}");
        }

        var items = new List<(string Host, int Port)>();
        foreach (var target in targets)
        {
            items.Add(HostName.PortSuffix(target?.Trim() ?? "") is { } parsed && HostName.Problem(parsed.Host) is null && PortNumber.Problem(parsed.Port) is null
                ? parsed
                : throw new InvalidRequestException($"targets: each item must be host:port ([v6]:port for IPv6) with a port 1-65535, got '{target}'"));
        }

        return RunAsync(actor, [.. items.Distinct()], request!, request!.From, cancellationToken);
    }

    /// <exception cref="RequestRefusedException">Not found, still running, too many open ports, or invalid options.</exception>
    public Task<IAsyncEnumerable<IdentifyResult>> ScanAsync(Actor actor, string? scanId, IdentifyBatchRequest? request, CancellationToken cancellationToken)
    {
        actor.Require(Role.Operator, "identifying services");
        var job = scans.Get(actor, scanId);
        if (!job.IsFinished)
        {
            throw RequestRefusedException.Conflict($"scan {job.Id} is still running; identify its open ports once it has ended");
        }

        var open = job.Select(new HashSet<ProbeState> { ProbeState.Open }).Select(r => (Host: r.Address ?? r.Host, r.Port)).Distinct().ToList();
        if (open.Count > identify.Options.MaxBatchPorts)
        {
            throw new InvalidRequestException(
                $"scan {job.Id} has {open.Count:N0} open ports; one batch identifies at most {identify.Options.MaxBatchPorts:N0} (Sockets:Identify:MaxBatchPorts)");
        }

        request ??= new IdentifyBatchRequest();
        return RunAsync(actor, open, request, string.IsNullOrEmpty(job.Vantage?.Id) ? null : job.Vantage.Id, cancellationToken);
    }

    private async Task<IAsyncEnumerable<IdentifyResult>> RunAsync(Actor actor, List<(string Host, int Port)> items, IdentifyBatchRequest request, string? from,
        CancellationToken cancellationToken)
    {
        var options = identify.Options;
        if ((identify.TimeoutProblem(request.TimeoutMs) ?? Bounds.Problem("concurrency", request.Concurrency, options.MaxConcurrency)) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }

        var vantage = await vantagePoints.ResolveAsync(from, cancellationToken);
        if (items.Count == 0)
        {
            return AsyncEnumerable.Empty<IdentifyResult>();
        }

        quotas.TakeProbes(actor, items.Count);
        return StreamAsync(actor, items, request.TimeoutMs, request.Concurrency ?? options.DefaultConcurrency, vantage, cancellationToken);
    }

    private async IAsyncEnumerable<IdentifyResult> StreamAsync(Actor actor, List<(string Host, int Port)> items, int? timeoutMs, int concurrency, IVantagePoint vantage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var results = Channel.CreateBounded<IdentifyResult>(concurrency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop.Token }, async (item, token) =>
                    await results.Writer.WriteAsync(await identify.IdentifyInBatchAsync(actor, new IdentifyRequest(item.Host, item.Port, timeoutMs) { From = vantage.Id.Length == 0 ? null : vantage.Id }, vantage, token), token));
                results.Writer.Complete();
            }
            catch (Exception e)
            {
                results.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var result in results.Reader.ReadAllAsync(cancellationToken))
            {
                yield return result;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }
}
