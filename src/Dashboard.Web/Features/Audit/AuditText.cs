using System.Globalization;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Features.Audit;

/// <summary>The targets and one-line details the services write to the trail. User text goes in as given; it is cut to length on append.</summary>
public static class AuditText
{
    /// <summary><c>host:port</c>, an IPv6 literal in brackets.</summary>
    public static string HostPort(string? host, int port) => Probe.ProbeTarget.Format(host ?? "", port);

    public static string Of(ProbeResult result) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Name(result.State)}, code {result.Code} {result.CodeName}{(result.RttMs is { } rtt ? $", {rtt:0.###} ms" : "")}{(result.Address is { } a ? $", address {a}" : "")}");

    public static string Of(UdpSendResult result) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Name(result.State)}, code {result.Code} {result.CodeName}, {result.Sent} sent ({result.BytesSent} bytes), {result.Replies.Count} replies{(result.Address is { } a ? $", address {a}" : "")}");

    /// <summary>The request of a scan: what it was asked to cover.</summary>
    public static string Request(ScanRequest request) => $"targets {request.Targets} ports {request.Ports}";

    public static string Started(ScanJob job) =>
        string.Create(CultureInfo.InvariantCulture, $"{Request(job.Request)}: {job.AddressCount} addresses × {job.PortCount} ports = {job.Total} probes{(job.Denials.Addresses + job.Denials.Ports > 0 ? $"; policy skipped {job.Denials.Addresses} addresses and {job.Denials.Ports} ports ({job.Denials.Note})" : "")}");

    public static string Finished(ScanJob job)
    {
        var c = job.Counts();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name(job.State)} after {job.ElapsedMs / 1000:0.###} s: {job.Results.Count} of {job.Total} probed; open {c.Open}, closed {c.Closed}, filtered {c.Filtered}, unreachable {c.Unreachable}, error {c.Error}{(job.Reason is { } why ? $" ({why})" : "")}");
    }

    public static string Listener(ListenerRequest? request) =>
        request is null ? ""
        : request.Protocol is { } unix and (ListenerProtocol.Unix or ListenerProtocol.UnixDatagram) ? $"{Dashboard.Web.Components.Support.WireName.Of(unix)} {request.Path}"
        : string.Create(CultureInfo.InvariantCulture, $"{Name(request.Protocol)} {HostPort(request.BindAddress ?? "*", request.Port)}");

    public static string Opened(ListenerInfo info) =>
        string.Create(CultureInfo.InvariantCulture, $"{Dashboard.Web.Components.Support.WireName.Of(info.Protocol)} {info.LocalEndPoint}, until {info.ExpiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");

    public static string Stopped(ListenerInfo info, string? reason) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Dashboard.Web.Components.Support.WireName.Of(info.Protocol)} {info.LocalEndPoint} of {info.Owner}: {reason}; {info.Connections} connections, {info.Datagrams} datagrams, {info.BytesReceived} bytes");

    public static string Sent(ListenerEvent sent) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{sent.Bytes} bytes to {sent.Peer}{(sent.ConnectionId is { } id ? $" on connection {id}" : "")}");

    private static string Name<T>(T value) => value?.ToString()?.ToLowerInvariant() ?? "";
}
