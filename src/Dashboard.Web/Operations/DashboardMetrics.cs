using System.Diagnostics.Metrics;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;

namespace Dashboard.Web.Operations;

/// <summary>
/// What the feature services count, exported at <c>/metrics</c>. Tags are small closed sets (state,
/// door, error kind), never a host or a port, so the series stay few.
/// </summary>
public sealed class DashboardMetrics
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Dashboard";

    private readonly Counter<long> _probes;
    private readonly Counter<long> _scanProbes;
    private readonly Counter<long> _scansStarted;
    private readonly Histogram<double> _scanRate;
    private readonly Counter<long> _udpSends;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _auditDropped;
    private readonly Counter<long> _policyDenied;
    private readonly Counter<long> _quotaRefused;

    public DashboardMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _probes = meter.CreateCounter<long>("dashboard.probes", "{probe}", "TCP connect probes, by state");
        _scanProbes = meter.CreateCounter<long>("dashboard.scan.probes", "{probe}", "Ports probed by scans, by state");
        _scansStarted = meter.CreateCounter<long>("dashboard.scans.started", "{scan}", "Scans started");
        _scanRate = meter.CreateHistogram<double>("dashboard.scan.rate", "{port}/s", "Ports per second of each finished scan");
        _udpSends = meter.CreateCounter<long>("dashboard.udp.sends", "{send}", "UDP sends, by state");
        _refused = meter.CreateCounter<long>("dashboard.requests.refused", "{request}", "Requests refused, by kind and door");
        _auditDropped = meter.CreateCounter<long>("dashboard.audit.dropped", "{row}", "Audit rows lost: the queue was full or the database refused a batch");
        _policyDenied = meter.CreateCounter<long>("dashboard.policy.denied", "{target}", "Targets the policy denied (nothing was sent), by feature: probe, udp, scan (addresses)");
        _quotaRefused = meter.CreateCounter<long>("dashboard.quota.refused", "{request}", "Requests refused by a per-user quota, by quota");
    }

    /// <summary>
    /// A gauge read from its owner at each scrape (scans running, listeners open). The factory gives
    /// every caller the same meter for the name, so the owner registers it where the number lives.
    /// </summary>
    public static void Observe(IMeterFactory meters, string name, string unit, string description, Func<int> read) =>
        meters.Create(MeterName).CreateObservableUpDownCounter(name, read, unit, description);

    public void Probed(ProbeState state) => _probes.Add(1, new KeyValuePair<string, object?>("state", StateName(state)));

    public void ScanStarted() => _scansStarted.Add(1);

    /// <summary>Counts per state, added in bulk: never once per port.</summary>
    public void ScanProgressed(ReadOnlySpan<long> perState)
    {
        for (var i = 0; i < perState.Length; i++)
        {
            if (perState[i] > 0)
            {
                _scanProbes.Add(perState[i], new KeyValuePair<string, object?>("state", StateName((ProbeState)i)));
            }
        }
    }

    public void ScanFinished(long probes, double elapsedMs)
    {
        if (elapsedMs > 0)
        {
            _scanRate.Record(probes * 1000.0 / elapsedMs);
        }
    }

    public void UdpSent(UdpState state) => _udpSends.Add(1, new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()));

    public void Refused(ErrorKind kind, Door door) =>
        _refused.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()), new KeyValuePair<string, object?>("door", door.ToString()));

    public void AuditDropped(int rows) => _auditDropped.Add(rows);

    public void PolicyDenied(string feature, long count = 1) => _policyDenied.Add(count, new KeyValuePair<string, object?>("feature", feature));

    public void QuotaRefused(string quota) => _quotaRefused.Add(1, new KeyValuePair<string, object?>("quota", quota));

    private static string StateName(ProbeState state) => state.ToString().ToLowerInvariant();
}
