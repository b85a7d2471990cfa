using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Web.Vantage;

/// <summary>
/// Where sockets are opened: this server's engine (<see cref="LocalVantagePoint"/>) or an agent
/// (<see cref="Features.Agents.Link.RemoteVantagePoint"/>). The feature services hold the rules and call this only with
/// requests they have accepted; <see cref="VantagePoints"/> picks one by a request's <c>from</c>.
/// Listeners cross the seam as <see cref="IVantageListener"/> (contract types only), so an agent's
/// listener looks like a local one to the services and the pages.
/// </summary>
public interface IVantagePoint
{
    /// <summary>Empty for this server, else the agent's id.</summary>
    string Id { get; }

    /// <summary>How results name this vantage point: "this server" or the agent's name.</summary>
    string Name { get; }

    /// <summary>Where other vantage points may reach it: an agent's advertised addresses; none known for this server.</summary>
    IReadOnlyList<string> Addresses { get; }

    /// <summary>
    /// Resolves a host as this vantage point sees it (its resolver, its hosts file): a literal as it is.
    /// The services check the policy on these addresses and then pass one of them back as a literal,
    /// so nothing is looked up twice (a rebinding name cannot answer differently the second time).
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The name did not resolve.</exception>
    Task<System.Net.IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);

    /// <summary>Probes <paramref name="request"/>; the services give only a literal address the policy allowed.</summary>
    Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken);

    /// <summary>Checks the request against the engine's bounds and resolves every name, where the vantage point stands.</summary>
    Task<ScanPlan> PlanScanAsync(Contracts.Scan.ScanRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// A planned scan's host results (discovery) and port results as they come; cancelling stops every pending connect.
    /// The services remove the addresses the policy denies first.
    /// Throws <see cref="VantageLostException"/> when the vantage point goes away mid-scan.
    /// </summary>
    IAsyncEnumerable<ScanEvent> ScanAsync(ScanPlan plan, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="request"/>; the services give only a literal address the policy allowed.</summary>
    Task<UdpSendResult> SendUdpAsync(UdpSendRequest request, CancellationToken cancellationToken);

    /// <summary>Checks TLS at <paramref name="request"/>; the services give only a literal address the policy allowed, and the SNI to send.</summary>
    Task<Contracts.Tls.TlsCheckResult> CheckTlsAsync(Contracts.Tls.TlsCheckRequest request, CancellationToken cancellationToken);

    /// <summary>What answers on a port (banner, then safe probes); the services give only a literal address the policy allowed.</summary>
    Task<Contracts.Identify.IdentifyResult> IdentifyAsync(Contracts.Identify.IdentifyRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Traces to <paramref name="request"/>'s port (its host a literal address the policy allowed); <paramref name="onHop"/> gets each hop in
    /// order as soon as it is known (from an agent: once its whole result is back).
    /// </summary>
    Task<Contracts.Trace.TraceResult> TraceAsync(Contracts.Trace.TraceRequest request,
        Func<Contracts.Trace.TraceHop, CancellationToken, ValueTask>? onHop, CancellationToken cancellationToken);

    /// <summary>Connects, sends a few bytes, closes: the sending end of a path check.</summary>
    Task<TcpSendResult> SendTcpAsync(TcpSendRequest request, CancellationToken cancellationToken);

    /// <summary>Probes or sends to a Unix socket path (<paramref name="order"/>), under the dashboard's allowed directories and the vantage point's own.</summary>
    Task<Contracts.Unix.UnixSocketAnswer> UseUnixSocketAsync(Contracts.Unix.UnixSocketOrder order, CancellationToken cancellationToken);

    /// <summary>
    /// Binds a listener owned by <paramref name="owner"/>, within the vantage point's caps; a unix or unixgram one under
    /// <paramref name="allowedUnixDirectories"/> (the dashboard's) and the vantage point's own.
    /// </summary>
    Task<IVantageListener> OpenListenerAsync(ListenerRequest request, string owner, IReadOnlyList<string> allowedUnixDirectories, CancellationToken cancellationToken);

    /// <summary>The listeners open here and those recently stopped, newest first.</summary>
    IReadOnlyList<IVantageListener> Listeners();
}

/// <summary>A listener at a vantage point, in contract types.</summary>
public interface IVantageListener
{
    string Id { get; }

    string Owner { get; }

    bool IsStopped { get; }

    DateTimeOffset CreatedAt { get; }

    /// <summary>The vantage point it listens at.</summary>
    IVantagePoint Vantage { get; }

    /// <summary>Watch streams not yet ended.</summary>
    int Watching { get; }

    /// <summary>The listener and its counters now, with <c>from</c> set.</summary>
    ListenerInfo Info();

    /// <summary>The kept history, then every event live, until it stops.</summary>
    IAsyncEnumerable<ListenerEvent> WatchAsync(CancellationToken cancellationToken);

    /// <summary>Kept events numbered after <paramref name="after"/>, oldest first, at most <paramref name="max"/>.</summary>
    IReadOnlyList<ListenerEvent> EventsAfter(long after, int max);

    /// <summary>Stops it; watchers get a last <c>stopped</c> event.</summary>
    Task StopAsync(string reason, CancellationToken cancellationToken);

    /// <summary>Sends bytes by hand into one of its conversations (a TCP connection, a UDP source it heard from); returns the <c>sent</c> event.</summary>
    /// <exception cref="RequestRefusedException">A bad request, no such connection or peer, a refusal, or not possible where it listens.</exception>
    Task<ListenerEvent> SendAsync(ListenerSendRequest request, string sender, CancellationToken cancellationToken);
}

/// <summary>The vantage point went away while it ran the work (an agent dropped): what arrived is kept, the work ends interrupted.</summary>
public sealed class VantageLostException(string message) : Exception(message);

/// <summary>
/// The vantage point broke the work's terms (an agent sent results outside the plan it was given): what broke them was
/// dropped and the work stopped. The message says so in plain words, for the people watching.
/// </summary>
public sealed class VantageMisbehavedException(string message) : Exception(message);
