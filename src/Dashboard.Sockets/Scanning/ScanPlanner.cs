using System.Globalization;
using System.Net.Sockets;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Scanning.Timing;
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

    /// <summary>Why a discovery mode is not one of the known ones, or null.</summary>
    public static string? DiscoveryProblem(HostDiscovery discovery) =>
        Enum.IsDefined(discovery) ? null : $"discovery must be auto, on or off, got {(int)discovery}";

    /// <exception cref="InvalidRequestException">A rule is broken or a name does not resolve; nothing was sent.</exception>
    public async Task<ScanPlan> PlanAsync(ScanRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { targets, ports, timeoutMs?, concurrency?, openOnly?, discovery?, allAddresses? }");
        }

        if ((TimeoutProblem(request.TimeoutMs) ?? ConcurrencyProblem(request.Concurrency) ?? DiscoveryProblem(request.Discovery)) is { } problem)
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

        var resolved = new List<ResolvedTarget>(targets.Count);
        // The same address under two names is scanned under both, as written; one name's addresses once each.
        var seen = new HashSet<(string, System.Net.IPAddress)>();
        foreach (var target in targets)
        {
            if (target.Address is { } address)
            {
                // Addresses come once each from the parser, and no name is written as an address: no pair to check (a /16 is 65,536 of them).
                resolved.Add(new ResolvedTarget(target.Label, address));
                continue;
            }

            foreach (var one in await ResolveAsync(target, request.AllAddresses, cancellationToken))
            {
                if (seen.Add((one.Label, one.Address)))
                {
                    resolved.Add(one);
                }
            }
        }

        if (resolved.Count > _options.MaxAddresses || (long)resolved.Count * ports.Length > _options.MaxProbes)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"targets: the names resolve to {resolved.Count:N0} addresses ({resolved.Count * (long)ports.Length:N0} probes); at most {_options.MaxAddresses:N0} addresses ({TargetSpec.CapSetting}) and {_options.MaxProbes:N0} probes are allowed"));
        }

        var timing = new ScanTiming(Math.Min(_options.MinTimeoutMs, timeoutMs), timeoutMs, _options.MaxAttempts, _options.InitialHostWindow);
        var discover = request.Discovery switch
        {
            HostDiscovery.On => true,
            HostDiscovery.Off => false,
            _ => resolved.Count > 1,
        };
        return new ScanPlan(resolved, ports, timeoutMs, concurrency, timing, discover);
    }

    private static async Task<IEnumerable<ResolvedTarget>> ResolveAsync(ScanTarget target, bool allAddresses, CancellationToken cancellationToken)
    {
        if (target.Address is { } address)
        {
            return [new ResolvedTarget(target.Label, address)];
        }

        try
        {
            var addresses = await HostResolver.ResolveAsync(target.Label, cancellationToken);
            return (allAddresses ? addresses : addresses[..1]).Select(a => new ResolvedTarget(target.Label, a));
        }
        catch (SocketException e)
        {
            throw new InvalidRequestException($"targets: '{target.Label}' did not resolve ({NativeError.PosixName(e.SocketErrorCode)})", e);
        }
    }
}
