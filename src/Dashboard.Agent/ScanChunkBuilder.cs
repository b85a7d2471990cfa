using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Agent;

/// <summary>
/// Turns a batch of a scan's events into an <see cref="AgentScanChunk"/>: results without endpoints go in
/// columns (their target, shape and service named once per chunk), as the hub's compact batches do; JSON of
/// one whole <see cref="ProbeResult"/> per port was most of what an agent scan cost on the wire and at the dashboard.
/// </summary>
/// <param name="origin">The time the rows' <c>AtMs</c> count from: the scan's start, before any result.</param>
/// <param name="columns">False for a dashboard that does not read columns: every result whole.</param>
public sealed class ScanChunkBuilder(DateTimeOffset origin, bool columns = true)
{
    public AgentScanChunk Build(string commandId, IReadOnlyList<ScanEvent> batch)
    {
        var hosts = new List<HostResult>();
        var whole = new List<ProbeResult>();
        var targets = new List<CompactTarget>();
        var shapes = new List<CompactShape>();
        var services = new List<string>();
        var targetIndex = new Dictionary<CompactTarget, int>();
        var shapeIndex = new Dictionary<CompactShape, int>();
        var serviceIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var capacity = batch.Count;
        List<int> target = new(capacity), port = new(capacity), shape = new(capacity), rttUs = new(capacity), atMs = new(capacity),
            service = new(capacity);
        foreach (var item in batch)
        {
            if (item.Host is { } host)
            {
                hosts.Add(host);
            }

            if (item.Port is not { } result)
            {
                continue;
            }

            if (!columns || !FitsColumns(result))
            {
                whole.Add(result);
                continue;
            }

            target.Add(IndexOf(targetIndex, targets, new CompactTarget(result.Host, result.Address!)));
            port.Add(result.Port);
            shape.Add(IndexOf(shapeIndex, shapes,
                new CompactShape(result.State, result.Code, result.CodeName, result.SocketError, result.Message, result.Attempts)));
            rttUs.Add(result.RttMs is { } rtt ? (int)Math.Round(rtt * 1000) : -1);
            atMs.Add((int)Math.Round((result.At - origin).TotalMilliseconds));
            service.Add(result.Service is { } name ? IndexOf(serviceIndex, services, name) : -1);
        }

        var compact = port.Count == 0 ? null : new CompactResults(targets, shapes, services, origin, target, port, shape, rttUs, atMs, service);
        return new AgentScanChunk(commandId, hosts.Count > 0 ? hosts : null, whole, compact);
    }

    /// <summary>
    /// A row keeps all a result says only without endpoints and ids, with an address, a round trip under
    /// 35 minutes and a time within 24 days of the scan's start (the columns are whole µs and ms in 32 bits).
    /// </summary>
    public bool FitsColumns(ProbeResult result) =>
        result is { LocalEndPoint: null, RemoteEndPoint: null, Address: not null, Id: null, From: null }
        && result.RttMs is null or (>= 0 and < int.MaxValue / 1000.0)
        && Math.Abs((result.At - origin).TotalMilliseconds) < int.MaxValue;

    private static int IndexOf<T>(Dictionary<T, int> index, List<T> table, T value)
        where T : notnull
    {
        if (!index.TryGetValue(value, out var i))
        {
            table.Add(value);
            i = index[value] = table.Count - 1;
        }

        return i;
    }
}
