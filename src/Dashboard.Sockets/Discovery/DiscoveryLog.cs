using Microsoft.Extensions.Logging;

namespace Dashboard.Sockets.Discovery;

/// <summary>Host discovery logs once per scan, never per host.</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(EventId = 4001, EventName = "DiscoveryFinished", Level = LogLevel.Information,
        Message = "Host discovery of {Hosts} addresses: {Up} up, {Down} down in {ElapsedMs:F0} ms (ICMP: {Icmp}, ARP on: {ArpSubnets}, {Window} hosts at once by connect)")]
    public static partial void Finished(ILogger logger, int hosts, int up, int down, double elapsedMs, string icmp, string arpSubnets, int window);

    [LoggerMessage(EventId = 4002, EventName = "ArpFailed", Level = LogLevel.Warning,
        Message = "ARP sweep on {Interface} failed; the unprivileged methods decide alone")]
    public static partial void ArpFailed(ILogger logger, string @interface, Exception exception);
}
