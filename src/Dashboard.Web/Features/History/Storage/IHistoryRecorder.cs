using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// The seam the probe, UDP and listener services call: a probe or send is stored before its answer goes
/// out; a listener from its opening to its end, with its events.
/// </summary>
public interface IHistoryRecorder
{
    /// <summary>Stores a probe; its id, or null when nothing is stored.</summary>
    Task<string?> ProbedAsync(Actor actor, ProbeRequest request, ProbeResult result, CancellationToken cancellationToken);

    /// <summary>Stores a UDP send with its replies; its id, or null when nothing is stored.</summary>
    Task<string?> UdpSentAsync(Actor actor, UdpSendRequest request, UdpSendResult result, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a finished one-shot answer of another kind (a trace, a service identification, a TLS check, a Unix-socket
    /// probe): its request and result as the doors take and answer them (JSON). Its id, or null when nothing is stored.
    /// </summary>
    /// <remarks>
    /// <c>kind</c> is one of <see cref="HistoryKinds"/>; <c>state</c> the result's state as its wire names it (what the list
    /// shows and filters on); <c>target</c> what it was aimed at, as searched.
    /// </remarks>
    Task<string?> AnsweredAsync<TRequest, TResult>(Actor actor, string kind, string state, string target, DateTimeOffset at,
        TRequest request, TResult result, CancellationToken cancellationToken);

    /// <summary>Stores a listener session: now, then its events as they come, and its end.</summary>
    void ListenerOpened(Actor actor, ListenerRequest request, Vantage.IVantageListener listener);

    /// <summary>
    /// Completes once a listener's event numbered <paramref name="seq"/> is stored (or left out past the cap, or its
    /// session's writes failed): watchers wait on it so that nothing they were shown is lost to a crash.
    /// </summary>
    ValueTask StoredAsync(string listenerId, long seq, CancellationToken cancellationToken);

    /// <summary>The highest sequence number of a listener's events that is stored (as <see cref="StoredAsync"/>).</summary>
    long StoredThrough(string listenerId);
}

/// <summary>No history (component tests, or <c>History:Enabled=false</c>).</summary>
public sealed class NoHistory : IHistoryRecorder
{
    public Task<string?> ProbedAsync(Actor actor, ProbeRequest request, ProbeResult result, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    public Task<string?> UdpSentAsync(Actor actor, UdpSendRequest request, UdpSendResult result, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    public Task<string?> AnsweredAsync<TRequest, TResult>(Actor actor, string kind, string state, string target, DateTimeOffset at,
        TRequest request, TResult result, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public void ListenerOpened(Actor actor, ListenerRequest request, Vantage.IVantageListener listener)
    {
    }

    public ValueTask StoredAsync(string listenerId, long seq, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public long StoredThrough(string listenerId) => long.MaxValue;
}
