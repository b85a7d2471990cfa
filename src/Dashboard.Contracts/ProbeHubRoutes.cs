namespace Dashboard.Contracts;

/// <summary>Where the hub lives and what its methods are called, for clients written against it.</summary>
public static class ProbeHubRoutes
{
    /// <summary>The hub's path on the dashboard.</summary>
    public const string Path = "/hubs/probe";

    /// <summary>Hub method: <c>Task&lt;ProbeResult&gt; Probe(ProbeRequest)</c>.</summary>
    public const string Probe = "Probe";

    /// <summary>Hub method: stream of <c>TraceUpdate</c> for a new trace: each hop as it is known, then the whole result.</summary>
    public const string Trace = "Trace";

    /// <summary>Hub method: stream of <c>ScanBatch</c> for a new scan.</summary>
    public const string Scan = "Scan";

    /// <summary>Hub method: stream of <c>ScanBatch</c>: a running or finished scan, from its start, then live.</summary>
    public const string WatchScan = "WatchScan";

    /// <summary>Hub method: stops a scan.</summary>
    public const string CancelScan = "CancelScan";

    /// <summary>Hub method: <c>Task&lt;UdpSendResult&gt; SendUdp(UdpSendRequest)</c>.</summary>
    public const string SendUdp = "SendUdp";

    /// <summary>Hub method: <c>Task&lt;UnixProbeResult&gt; ProbeUnix(UnixProbeRequest)</c>.</summary>
    public const string ProbeUnix = "ProbeUnix";

    /// <summary>Hub method: <c>Task&lt;UnixSendResult&gt; SendUnix(UnixSendRequest)</c>.</summary>
    public const string SendUnix = "SendUnix";
    /// <summary>Hub method: <c>Task&lt;IdentifyResult&gt; Identify(IdentifyRequest)</c>.</summary>
    public const string Identify = "Identify";

    /// <summary>Hub stream: <c>IAsyncEnumerable&lt;IdentifyResult&gt; IdentifyMany(IdentifyBatchRequest)</c>.</summary>
    public const string IdentifyMany = "IdentifyMany";

    /// <summary>Hub stream: <c>IAsyncEnumerable&lt;IdentifyResult&gt; IdentifyScan(scanId)</c>: a finished scan's open ports.</summary>
    public const string IdentifyScan = "IdentifyScan";

    /// <summary>Hub method: <c>Task&lt;ListenerInfo&gt; CreateListener(ListenerRequest)</c>.</summary>
    public const string CreateListener = "CreateListener";

    /// <summary>Hub method: <c>Task&lt;ListenerInfo[]&gt; ListListeners()</c>.</summary>
    public const string ListListeners = "ListListeners";

    /// <summary>Hub method: stream of <c>ListenerEvent</c>: the history kept, then live.</summary>
    public const string WatchListener = "WatchListener";

    /// <summary>Hub method: stops a listener.</summary>
    public const string CloseListener = "CloseListener";

    /// <summary>Hub method: <c>Task&lt;ListenerEvent&gt; SendThroughListener(listenerId, ListenerSendRequest)</c>: bytes into a TCP connection, or a datagram to a UDP source heard from.</summary>
    public const string SendThroughListener = "SendThroughListener";

    /// <summary>Hub method: <c>Task&lt;PathCheckResult&gt; CheckPath(PathCheckRequest)</c>: a two-ended path check.</summary>
    public const string CheckPath = "CheckPath";

    /// <summary>Hub method: <c>Task&lt;PathMatrixResult&gt; RunPathMatrix(PathMatrixRequest)</c>.</summary>
    public const string RunPathMatrix = "RunPathMatrix";

    /// <summary>Hub method: <c>Task&lt;VantagePointInfo[]&gt; ListVantagePoints()</c>: where <c>from</c> may point.</summary>
    public const string ListVantagePoints = "ListVantagePoints";
}
