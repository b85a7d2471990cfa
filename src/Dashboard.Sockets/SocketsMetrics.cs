using System.Diagnostics.Metrics;

namespace Dashboard.Sockets;

/// <summary>
/// What the engine counts that only it sees: traffic arriving at listeners. Any host can export the
/// meter (the dashboard through OpenTelemetry, an agent its own way). Never one instrument per port.
/// </summary>
public static class SocketsMetrics
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "Dashboard.Sockets";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> ListenerConnections =
        Meter.CreateCounter<long>("dashboard.listener.connections", "{connection}", "TCP connections accepted by listeners");

    internal static readonly Counter<long> ListenerDatagrams =
        Meter.CreateCounter<long>("dashboard.listener.datagrams", "{datagram}", "UDP datagrams received by listeners");

    internal static readonly Counter<long> ListenerBytes =
        Meter.CreateCounter<long>("dashboard.listener.bytes", "By", "Bytes received by listeners, TCP and UDP");

    internal static readonly Counter<long> ListenerConnectionsRefused =
        Meter.CreateCounter<long>("dashboard.listener.connections.refused", "{connection}", "TCP connections listeners closed at once: a connection share was full");

    internal static readonly Counter<long> ListenerRepliesNotSent =
        Meter.CreateCounter<long>("dashboard.listener.replies.not_sent", "{datagram}", "UDP listener replies not sent, by reason: policy or rate");

    internal static readonly Counter<long> ListenerEventsMissed =
        Meter.CreateCounter<long>("dashboard.listener.events.missed", "{event}", "Listener events a watcher fell too far behind to receive");
}
