using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Policy;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Access;
using Dashboard.Web.Errors;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Operations;
using Dashboard.Web.Vantage;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// The one door to scans for the page, the hub and the API: validate and plan, authorise, start under
/// the registry, watch, cancel (the owner or an Admin), read results; start, cancel and the end audited.
/// </summary>
public sealed class ScanService(VantagePoints vantagePoints, ScanJobs jobs, IOptions<ScanOptions> options, AuditQueue audit, PolicyService policy,
    Quotas quotas, DashboardMetrics metrics)
{
    /// <summary>The most results one page of <see cref="Results"/> holds.</summary>
    public const int MaxPageSize = 10_000;

    private ScanOptions Bounds => options.Value;

    public int MaxAddresses => Bounds.MaxAddresses;

    public int DefaultTimeoutMs => Bounds.DefaultTimeoutMs;

    public int MaxTimeoutMs => Bounds.MaxTimeoutMs;

    public int DefaultConcurrency => Bounds.DefaultConcurrency;

    public int MaxConcurrency => Bounds.MaxConcurrency;

    public string? TargetsProblem(string? targets) => Problem(() => TargetSpec.Parse(targets, Bounds.MaxAddresses));

    public static string? PortsProblem(string? ports) => Problem(() => PortSpec.Parse(ports));

    public string? TimeoutProblem(int? timeoutMs) => Sockets.Targets.Bounds.Problem("timeoutMs", timeoutMs, Bounds.MaxTimeoutMs);

    public string? ConcurrencyProblem(int? concurrency) => Sockets.Targets.Bounds.Problem("concurrency", concurrency, Bounds.MaxConcurrency);

    /// <summary>Plans the scan (every rule checked, names resolved) and starts it.</summary>
    /// <exception cref="RequestRefusedException">Invalid, not allowed, or too many scans running; nothing was sent.</exception>
    public async Task<ScanJob> StartAsync(Actor actor, ScanRequest? request, CancellationToken cancellationToken)
    {
        var job = await audit.TrackAsync(actor, AuditActions.ScanStart, request is null ? null : VantageText.Target(AuditText.Request(request), request.From), async () =>
        {
            if (request is null)
            {
                throw new InvalidRequestException("request is required: { targets, ports, timeoutMs?, concurrency?, openOnly? }");
            }

            actor.Require(Role.Operator, "scanning");
            var vantage = await vantagePoints.ResolveAsync(request.From, cancellationToken);
            var plan = await vantage.PlanScanAsync(request, cancellationToken);
            var (allowed, denials) = await FilterAsync(actor, plan, cancellationToken);
            return jobs.Start(request, allowed, actor.Name, vantage, denials, running => quotas.CheckScan(actor, running, allowed.Total));
        }, AuditText.Started, started => started.Id);
        _ = AuditEndAsync(actor, job);
        return job;
    }

    /// <summary>
    /// A scan watch's run: planned and filtered by the policy exactly as a scan is, run to its end at the vantage point,
    /// and answered as the open ports; no job, no audit entry of its own (the watch's changes are audited).
    /// </summary>
    /// <exception cref="RequestRefusedException">Invalid, or the policy leaves nothing to scan.</exception>
    public async Task<(IReadOnlyList<int> Open, string? Denied)> OpenPortsForWatchAsync(Actor owner, ScanRequest request, CancellationToken cancellationToken)
    {
        owner.Require(Role.Operator, "a scan watch's run");
        var vantage = await vantagePoints.ResolveAsync(request.From, cancellationToken);
        var plan = await vantage.PlanScanAsync(request, cancellationToken);
        var (allowed, denials) = await FilterAsync(owner, plan, cancellationToken);
        var open = new SortedSet<int>();
        await foreach (var found in vantage.ScanAsync(allowed, cancellationToken))
        {
            if (found.Port is { State: Contracts.Probe.ProbeState.Open } port)
            {
                open.Add(port.Port);
            }
        }

        return ([.. open], denials.Ports > 0 || denials.Addresses > 0 ? denials.Note : null);
    }

    // Between plan and run: addresses whose every port the policy denies are skipped and counted; ports denied
    // to some address are skipped for all (a scan has one port list). Nothing is sent to what is removed.
    private async Task<(ScanPlan Plan, ScanDenials Denials)> FilterAsync(Actor actor, ScanPlan plan, CancellationToken cancellationToken)
    {
        var rules = await policy.CurrentAsync(cancellationToken);
        var role = actor.Role.ToString();
        var kept = new List<ResolvedTarget>(plan.Targets.Count);
        HashSet<int>? portsKept = null;
        PolicyDecision? first = null;
        var deniedAddresses = 0;
        foreach (var target in plan.Targets)
        {
            var (ports, denied) = rules.AllowedPorts(target.Address, plan.Ports, role);
            first ??= denied;
            if (ports.Count == 0)
            {
                deniedAddresses++;
                continue;
            }

            kept.Add(target);
            if (ports.Count < plan.Ports.Count)
            {
                portsKept ??= [.. plan.Ports];
                portsKept.IntersectWith(ports);
            }
        }

        if (deniedAddresses > 0)
        {
            metrics.PolicyDenied("scan", deniedAddresses);
        }

        var note = first?.Message;
        if (kept.Count == 0 || portsKept is { Count: 0 })
        {
            throw RequestRefusedException.Forbidden($"targets: nothing is left to scan: {note}");
        }

        var filtered = kept.Count == plan.Targets.Count ? plan : plan with { Targets = kept };
        if (portsKept is not null)
        {
            filtered = filtered.WithPorts([.. plan.Ports.Where(portsKept.Contains)]);
        }

        // Discovery's own ports go through the same rules: one denied to any target is not used for any (as the scan's ports).
        var configured = Bounds.DiscoveryPorts;
        var discovery = filtered.DiscoverHosts
            ? configured.Where(port => kept.All(t => rules.Decide(t.Address, port, role).Allowed)).ToArray()
            : configured;
        if (discovery.Length < configured.Length)
        {
            filtered = filtered with { DiscoveryPorts = discovery };
        }

        return (filtered, new ScanDenials(deniedAddresses, plan.Ports.Count - filtered.Ports.Count, note));
    }

    // The end of a scan is written for the actor who started it: completed, cancelled or interrupted, with its counts.
    private async Task AuditEndAsync(Actor actor, ScanJob job)
    {
        await job.Finished;
        audit.Record(actor, AuditActions.ScanFinish, job.Id, job.State == ScanState.Failed ? AuditOutcome.Failed : AuditOutcome.Ok, AuditText.Finished(job));
    }

    /// <exception cref="RequestRefusedException">Not found.</exception>
    public ScanJob Get(Actor actor, string? scanId)
    {
        actor.Require(Role.Viewer, "watching a scan");
        return jobs.Get(scanId);
    }

    /// <summary>Running and kept scans, newest first: everyone's, with their owners.</summary>
    public IReadOnlyList<ScanJob> List(Actor actor)
    {
        actor.Require(Role.Viewer, "listing scans");
        return jobs.Recent();
    }

    /// <summary>Everything done so far, then live, in batches; the last has <c>done</c>.</summary>
    /// <exception cref="RequestRefusedException">Not found.</exception>
    public IAsyncEnumerable<ScanBatch> WatchAsync(Actor actor, ScanJob job, bool openOnly, CancellationToken cancellationToken) =>
        WatchAsync(actor, job, openOnly, compact: false, cancellationToken);

    /// <summary>As <see cref="WatchAsync(Actor, ScanJob, bool, CancellationToken)"/>; <paramref name="compact"/>: results without endpoints in columns.</summary>
    public IAsyncEnumerable<ScanBatch> WatchAsync(Actor actor, ScanJob job, bool openOnly, bool compact, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "watching a scan");
        return job.WatchAsync(openOnly, jobs.Options.BatchSize, TimeSpan.FromMilliseconds(jobs.Options.FlushIntervalMs), compact, cancellationToken);
    }

    /// <summary>Stops a scan; its watchers get a last batch with outcome <c>cancelled</c>.</summary>
    /// <exception cref="RequestRefusedException">Not found, or not the actor's to cancel.</exception>
    public ScanJob Cancel(Actor actor, string? scanId, string? reason = null) =>
        audit.Track(actor, AuditActions.ScanCancel, scanId, () =>
        {
            var job = jobs.Get(scanId);
            actor.RequireOwnerOrAdmin(job.Owner, $"cancelling scan {job.Id}");
            job.Cancel(reason ?? $"cancelled by {actor.Name} through the {actor.Door.ToString().ToLowerInvariant()}");
            return job;
        }, job => $"owner {job.Owner}; {reason ?? "cancelled"}");

    public ScanStatus Status(Actor actor, string? scanId) => StatusOf(Get(actor, scanId));

    /// <summary>Results so far, by host and port or in arrival order, of <paramref name="states"/> only when given, one page at a time.</summary>
    /// <exception cref="RequestRefusedException">Not found, or a page out of bounds.</exception>
    public ScanResultsPage Results(Actor actor, string? scanId, IReadOnlySet<ProbeState>? states, int page, int pageSize, ResultOrder order = ResultOrder.Port)
    {
        var job = Get(actor, scanId);
        PageBounds.Check(page, pageSize, MaxPageSize);

        var done = job.IsFinished;
        var skip = (long)(page - 1) * pageSize;
        if (order == ResultOrder.Arrival)
        {
            var (matching, results) = job.Page(states, skip, pageSize);
            return new ScanResultsPage(job.Id, page, pageSize, matching, results, done);
        }

        var sorted = new ResultsByHost(job, states, null);
        var onPage = new List<ProbeResult>((int)Math.Clamp(sorted.Count - skip, 0, pageSize));
        for (var k = skip; k < sorted.Count && onPage.Count < pageSize; k++)
        {
            onPage.Add(sorted.At((int)k));
        }

        return new ScanResultsPage(job.Id, page, pageSize, sorted.Count, onPage, done);
    }

    /// <summary>A results order as a query writes it: <c>port</c> (the default) or <c>arrival</c>.</summary>
    /// <exception cref="InvalidRequestException">Neither.</exception>
    public static ResultOrder ParseOrder(string? order) => order?.Trim().ToLowerInvariant() switch
    {
        null or "" or "port" => ResultOrder.Port,
        "arrival" => ResultOrder.Arrival,
        _ => throw new InvalidRequestException($"order must be port or arrival, got '{order}'"),
    };

    /// <summary>A list of states as a query writes it: <c>open,filtered</c>; null or empty for all.</summary>
    /// <exception cref="InvalidRequestException">A name that is not a state.</exception>
    public static HashSet<ProbeState>? ParseStates(string? states, string field = "state")
    {
        if (string.IsNullOrWhiteSpace(states))
        {
            return null;
        }

        var set = new HashSet<ProbeState>();
        foreach (var name in states.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            set.Add(Enum.TryParse<ProbeState>(name, ignoreCase: true, out var state) && Enum.IsDefined(state) && !char.IsDigit(name[0])
                ? state
                : throw new InvalidRequestException($"{field}: '{name}' is not a state: open, closed, filtered, unreachable, error"));
        }

        return set;
    }

    internal static ScanStatus StatusOf(ScanJob job)
    {
        var counts = job.Counts();
        return new ScanStatus(job.Id, job.State, job.Request.Targets, job.Request.Ports, job.Owner, job.StartedAt, job.FinishedAt,
            job.AddressCount, job.Visible, job.Total, counts, Math.Round(job.ElapsedMs, 1), job.Reason,
            job.Denials.Addresses, job.Denials.Ports, job.Denials.Note) { From = job.From };
    }

    private static string? Problem(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (InvalidRequestException e)
        {
            return e.Message;
        }
    }
}

/// <summary>How a page of results is ordered.</summary>
public enum ResultOrder
{
    /// <summary>By host (numeric order of the addresses), then port: as nmap lists them.</summary>
    Port,

    /// <summary>In the order they arrived.</summary>
    Arrival,
}
