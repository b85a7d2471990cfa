using Dashboard.Web.Features.History.Storage;

namespace Dashboard.Web.Features.History;

/// <summary>
/// One remembered item: a probe, a scan, a UDP send or a listener session. Its request and its summary
/// are JSON (the hub's own records); a scan's results and a listener's events live in <see cref="HistoryChunk"/> rows.
/// </summary>
public sealed class HistoryItem
{
    public const int MaxTargetLength = 500;

    /// <summary>The scan's or listener's own id; a fresh one for a probe or a UDP send.</summary>
    public string Id { get; set; } = "";

    /// <summary>One of <see cref="HistoryKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The actor's name: the owner, as scans and listeners name it.</summary>
    public string Owner { get; set; } = "";

    public string OwnerId { get; set; } = "";

    /// <summary>The dashboard instance that runs it (<see cref="ScaleOut.InstanceIdentity"/>): only that instance, or a survivor once its lease expired, marks it interrupted.</summary>
    public string? Instance { get; set; }

    /// <summary>The wire name of its state: <c>running</c>, <c>completed</c>, <c>interrupted</c>, <c>open</c>, <c>replied</c>, <c>listening</c>, ...</summary>
    public string State { get; set; } = "";

    /// <summary>What it was aimed at, as searched: <c>host:port</c>, a scan's targets and ports, a listener's endpoint.</summary>
    public string Target { get; set; } = "";

    /// <summary>Unix milliseconds (UTC), as the audit trail stores time: sorts and compares on every provider.</summary>
    public long StartedAtMs { get; set; }

    public long? EndedAtMs { get; set; }

    /// <summary>The request as the doors take it (JSON), for re-running.</summary>
    public string Request { get; set; } = "";

    /// <summary>The result or summary as the doors answer it (JSON): a probe or UDP result, a scan's status and plan, a listener's info.</summary>
    public string Summary { get; set; } = "";

    /// <summary>Results or events stored in chunks.</summary>
    public long Items { get; set; }

    /// <summary>Bytes this item holds, its chunks included: what the size retention adds up.</summary>
    public long Bytes { get; set; }

    public DateTimeOffset StartedAt => DateTimeOffset.FromUnixTimeMilliseconds(StartedAtMs);

    public DateTimeOffset? EndedAt => EndedAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}

/// <summary>
/// A run of one item's results or events, compressed: a scan's results arrive in batches and each batch
/// is one row, so a million results are a few hundred rows, not a million.
/// </summary>
public sealed class HistoryChunk
{
    public string ItemId { get; set; } = "";

    /// <summary>What the chunk holds: <see cref="HistoryStreams"/>.</summary>
    public int Stream { get; set; }

    /// <summary>0, 1, 2, ... per item and stream, in arrival order.</summary>
    public int Seq { get; set; }

    /// <summary>Results or events in <see cref="Data"/>.</summary>
    public int Count { get; set; }

    public byte[] Data { get; set; } = [];
}

/// <summary>The kinds of remembered items, as stored and as filters name them.</summary>
public static class HistoryKinds
{
    public const string Probe = "probe";
    public const string Scan = "scan";
    public const string Udp = "udp";
    public const string Listener = "listener";
    public const string Trace = "trace";
    public const string Service = "service";
    public const string Tls = "tls";
    public const string Unix = "unix";

    public static IReadOnlyList<string> All { get; } = [Probe, Scan, Udp, Listener, Trace, Service, Tls, Unix];
}

/// <summary>What a <see cref="HistoryChunk"/> holds.</summary>
public static class HistoryStreams
{
    /// <summary>A scan's port results (<see cref="ScanChunkCodec"/>).</summary>
    public const int ScanResults = 0;

    /// <summary>A scan's host results (JSON, compressed).</summary>
    public const int ScanHosts = 1;

    /// <summary>A listener's events (JSON, compressed).</summary>
    public const int ListenerEvents = 2;
}
