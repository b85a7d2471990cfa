using System.Text.Json.Serialization;
using Dashboard.Contracts.Probe;

namespace Dashboard.Contracts.Scan;

/// <summary>
/// A batch's results in columns, for clients that asked for <see cref="ScanRequest.Compact"/>: most
/// results of a scan (closed and filtered ports) differ only in their port, round trip and time, so
/// each row names its target and its shape (state, code, message) by index into this batch's tables.
/// Results with endpoints (open ports) are not here but in <see cref="ScanBatch.Results"/>, whole.
/// Row <c>i</c> is <c>Target[i]</c>, <c>Port[i]</c>, <c>Shape[i]</c>, <c>RttUs[i]</c>, <c>AtMs[i]</c>, <c>Service[i]</c>.
/// </summary>
/// <param name="Targets">The hosts the rows name: host as given, and address.</param>
/// <param name="Shapes">What the rows' results share: state, code, names, message, attempts.</param>
/// <param name="Services">The service names the rows name.</param>
/// <param name="Origin">The time <see cref="AtMs"/> counts from (the scan's start, UTC).</param>
/// <param name="Target">Per row: index into <see cref="Targets"/>.</param>
/// <param name="Port">Per row: the port.</param>
/// <param name="Shape">Per row: index into <see cref="Shapes"/>.</param>
/// <param name="RttUs">Per row: the round trip in microseconds, -1 when none.</param>
/// <param name="AtMs">Per row: when it finished, whole milliseconds after <see cref="Origin"/>.</param>
/// <param name="Service">Per row: index into <see cref="Services"/>, -1 when the port has no common service name.</param>
public sealed record CompactResults(
    IReadOnlyList<CompactTarget> Targets,
    IReadOnlyList<CompactShape> Shapes,
    IReadOnlyList<string> Services,
    DateTimeOffset Origin,
    IReadOnlyList<int> Target,
    IReadOnlyList<int> Port,
    IReadOnlyList<int> Shape,
    IReadOnlyList<int> RttUs,
    IReadOnlyList<int> AtMs,
    IReadOnlyList<int> Service)
{
    /// <summary>Rows in this batch (not on the wire).</summary>
    [JsonIgnore]
    public int Count => Port.Count;

    /// <summary>The rows as the <see cref="ProbeResult"/>s a full batch would carry.</summary>
    public IEnumerable<ProbeResult> Expand()
    {
        for (var i = 0; i < Count; i++)
        {
            var target = Targets[Target[i]];
            var shape = Shapes[Shape[i]];
            yield return new ProbeResult(target.Host, target.Address, Port[i], shape.State, shape.Code, shape.CodeName, shape.SocketError,
                shape.Message, RttUs[i] < 0 ? null : RttUs[i] / 1000.0, null, null, Origin.AddMilliseconds(AtMs[i]),
                Service[i] < 0 ? null : Services[Service[i]], shape.Attempts);
        }
    }
}

/// <summary>A host that compact rows name.</summary>
public sealed record CompactTarget(string Host, string Address);

/// <summary>What the compact rows of one kind share.</summary>
public sealed record CompactShape(ProbeState State, int Code, string CodeName, string SocketError, string Message, int? Attempts);
