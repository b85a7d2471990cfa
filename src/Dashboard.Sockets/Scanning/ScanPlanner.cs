using System.Globalization;
using System.Net.Sockets;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Targets;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Scanning;

/// <summary>Turns a <see cref="ScanRequest"/> into a <see cref="ScanPlan"/>: every rule checked, every name resolved.</summary>
public sealed class ScanPlanner(IOptions<ScanOptions> options)
{
    private readonly ScanOptions _options = options.Value;

    /// <summary>The scan's bounds, for forms that show them.</summary>
    public ScanOptions Options => _options;

    /// <summary>Why a per-connect timeout is out of bounds, or null (null means the default).</summary>
    public string? TimeoutProblem(int? timeoutMs) => Bounds.Problem("timeoutMs", timeoutMs, _options.MaxTimeoutMs);

    /// <summary>Why a concurrency is out of bounds, or null (null means the default).</summary>
    public string? ConcurrencyProblem(int? concurrency) => Bounds.Problem("concurrency", concurrency, _options.MaxConcurrency);

    /// <exception cref="InvalidRequestException">A rule is broken or a name does not resolve; nothing was sent.</exception>
    public async Task<ScanPlan> PlanAsync(ScanRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { targets, ports, timeoutMs?, concurrency?, openOnly? }");
        }

        if ((TimeoutProblem(request.TimeoutMs) ?? ConcurrencyProblem(request.Concurrency)) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }

        var timeoutMs = request.TimeoutMs ?? _options.DefaultTimeoutMs;
        var concurrency = request.Concurrency ?? _options.DefaultConcurrency;

        var ports = PortSpec.Parse(request.Ports);
        var targets = TargetSpec.Parse(request.Targets, _options.MaxAddresses);
        var total = (long)ports.Length * targets.Count;
        if (total > _options.MaxProbes)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"the scan would make {total:N0} probes ({targets.Count:N0} addresses × {ports.Length:N0} ports); at most {_options.MaxProbes:N0} are allowed"));
        }

        var resolved = new ResolvedTarget[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            resolved[i] = await ResolveAsync(targets[i], cancellationToken);
        }

        return new ScanPlan(resolved, ports, timeoutMs, concurrency);
    }

    private static async Task<ResolvedTarget> ResolveAsync(ScanTarget target, CancellationToken cancellationToken)
    {
        if (target.Address is { } address)
        {
            return new ResolvedTarget(target.Label, address);
        }

        try
        {
            var addresses = await HostResolver.ResolveAsync(target.Label, cancellationToken);
            return new ResolvedTarget(target.Label, addresses[0]);
        }
        catch (SocketException e)
        {
            throw new InvalidRequestException($"targets: '{target.Label}' did not resolve ({NativeError.PosixName(e.SocketErrorCode)})", e);
        }
    }
}
