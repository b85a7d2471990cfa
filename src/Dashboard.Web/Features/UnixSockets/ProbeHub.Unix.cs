using System.Text.Json;
using Dashboard.Contracts.Unix;
using Dashboard.Web.Features.UnixSockets;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>Connects to a Unix socket path (<c>UnixProbeRequest</c>); bad input or a forbidden path is a <c>HubException</c>.</summary>
    public Task<UnixProbeResult> ProbeUnix(JsonElement request, UnixSocketService unix) =>
        unix.ProbeAsync(Actor, WireJson.Bind<UnixProbeRequest>(request), Context.ConnectionAborted);

    /// <summary>Sends one datagram to a Unix socket path (<c>UnixSendRequest</c>) and reports its reply.</summary>
    public Task<UnixSendResult> SendUnix(JsonElement request, UnixSocketService unix) =>
        unix.SendAsync(Actor, WireJson.Bind<UnixSendRequest>(request), Context.ConnectionAborted);
}
