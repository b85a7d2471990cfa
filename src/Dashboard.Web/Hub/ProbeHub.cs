using Dashboard.Contracts;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hub;

/// <summary>
/// The public hub at <c>/hubs/probe</c>: one API for browsers, scripts and the UI. Each feature adds
/// its methods in a partial file of its own folder (Features/Probe/ProbeHub.Probe.cs, ...); each
/// method turns its arguments into a request and the connection into an <see cref="Access.Actor"/>,
/// and calls the feature's service. Requests arrive as JSON and are bound by <c>WireJson</c>, so a
/// value of the wrong type is refused with its field's name.
/// </summary>
public sealed partial class ProbeHub : Hub<IProbeClient>
{
    // Checked against the user's present state for this very call (PresentAccessHubFilter), not taken from the claims at connect.
    private Actor Actor => PresentAccessHubFilter.ActorOf(Context);

    /// <summary>What <see cref="Errors.RefusalHubFilter"/> does, for a refusal raised inside a stream.</summary>
    private HubException Refused(RequestRefusedException refusal, string method) =>
        Context.GetHttpContext()?.RequestServices.GetService<Errors.RefusalHubFilter>() is { } filter
            ? filter.Render(refusal, method, Context.GetHttpContext())
            : new HubException(Errors.RefusalHubFilter.HubMessage(refusal), refusal);
}
