namespace Dashboard.Web.Hub;

/// <summary>
/// The public hub at <c>/hubs/probe</c>: one API for browsers, scripts and the UI. Each feature
/// adds its methods in a partial file of its own folder (Features/Probe/ProbeHub.Probe.cs, ...).
/// </summary>
public sealed partial class ProbeHub : Microsoft.AspNetCore.SignalR.Hub;
