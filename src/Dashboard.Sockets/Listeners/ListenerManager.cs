using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// The listeners of this host: opens them within the caps (in total and per owner), one per protocol, address and port
/// (<see cref="PortClaims"/>), finds them, closes them, and forgets stopped ones after a while. Their accepted connections
/// share <see cref="ListenerConnectionShares"/>; their UDP replies are checked by an <see cref="IListenerReplyPolicy"/>
/// (the shipped rules unless the host brings its own).
/// </summary>
public sealed class ListenerManager(IOptions<ListenerOptions> options, TimeProvider time, ILogger<ListenerManager> logger,
    SocketBudget? budget = null, IListenerReplyPolicy? replyPolicy = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, RunningListener> _listeners = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ListenerConnectionShares _shares = new(options.Value, budget);
    private readonly IListenerReplyPolicy _replyPolicy = replyPolicy ?? TargetPolicyReplies.Shipped;

    public ListenerOptions Options => options.Value;

    /// <summary>Runs between a Unix path's check and its bind: tests swap the path there, to show the bind still names what was checked.</summary>
    internal Action<string>? AfterUnixCheck { get; set; }

    /// <summary>Binds and starts a listener.</summary>
    /// <param name="request">What to open.</param>
    /// <param name="owner">Who opens it.</param>
    /// <param name="unixAllowances">The directories a unix or unixgram listener's path must be under, every one of them; none allows no path.</param>
    /// <param name="where">This vantage point, as refusals name it.</param>
    /// <exception cref="InvalidRequestException">A rule or a cap is broken, or the bind failed (the message has the errno).</exception>
    public RunningListener Create(ListenerRequest? request, string owner, IReadOnlyList<UnixSockets.UnixPathAllowance>? unixAllowances = null,
        string where = "this server")
    {
        var plan = ListenerPlan.From(request, Options);
        IReadOnlyList<UnixSockets.UnixPathAllowance> allowances = unixAllowances ?? [new(UnixDirectoriesSetting, [])];
        lock (_gate)
        {
            Forget();
            var open = _listeners.Values.Where(l => !l.IsStopped).ToList();
            if (open.Count >= Options.MaxListeners)
            {
                throw RequestRefusedException.LimitReached(
                    $"{open.Count} listeners are open, the most this server keeps ({ListenerOptions.Section}:MaxListeners); close one first",
                    NextExpiry(open));
            }

            if (open.Count(l => l.Owner == owner) >= Options.MaxPerOwner)
            {
                throw RequestRefusedException.LimitReached(
                    $"you have {Options.MaxPerOwner} listeners open, the most one owner may ({ListenerOptions.Section}:MaxPerOwner); close one first",
                    NextExpiry(open.Where(l => l.Owner == owner)));
            }

            if ((plan.Bind.Port != 0 || plan.IsUnix) && open.FirstOrDefault(l => PortClaims.Overlap(l, plan)) is { } holder)
            {
                throw RequestRefusedException.Conflict(PortClaims.Refusal(plan, holder));
            }

            var lease = budget is null ? null : budget.TryLease() ?? throw budget.Spent("a listener");
            Socket socket;
            UnixListenerFile? file = null;
            try
            {
                if (plan.IsUnix)
                {
                    (socket, file) = UnixListenerFile.Bind(plan, allowances, where, Convert.ToInt32(Options.UnixSocketMode, 8), AfterUnixCheck);
                    ListenUnix(socket, file, plan);
                }
                else
                {
                    socket = Bind(plan);
                }
            }
            catch
            {
                lease?.Dispose();
                throw;
            }

            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            RunningListener listener = plan.Protocol switch
            {
                ListenerProtocol.Tcp or ListenerProtocol.Unix => new TcpRunningListener(id, owner, plan, socket, Options, time, logger, _shares, budget, file),
                ListenerProtocol.UnixDatagram => new UnixDatagramRunningListener(id, owner, plan, socket, Options, time, logger, file!, allowances, where),
                _ => new UdpRunningListener(id, owner, plan, socket, Options, time, logger, _replyPolicy),
            };
            listener.BudgetLease = lease;
            _listeners[id] = listener;
            ListenerLog.Opened(logger, id, owner, plan.Protocol, listener.LocalEndPoint, plan.ReplyMode, plan.Ttl.TotalSeconds);
            return listener;
        }
    }

    /// <summary>Open and recently stopped listeners, newest first.</summary>
    public IReadOnlyList<RunningListener> List()
    {
        lock (_gate)
        {
            Forget();
        }

        return [.. _listeners.Values.OrderByDescending(l => l.CreatedAt)];
    }

    /// <exception cref="InvalidRequestException">No such listener.</exception>
    public RunningListener Get(string? listenerId) =>
        listenerId is not null && _listeners.TryGetValue(listenerId, out var listener)
            ? listener
            : throw RequestRefusedException.NotFound($"listenerId '{listenerId}' is not an open or recently stopped listener");

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners.Values)
        {
            await listener.DisposeAsync();
        }
    }

    /// <summary>The setting refusals name when no Unix directories were given: this host's engine allows none by itself.</summary>
    public const string UnixDirectoriesSetting = "Policy:UnixSockets:AllowedDirectories";

    private static void ListenUnix(Socket socket, UnixListenerFile file, ListenerPlan plan)
    {
        try
        {
            if (plan.Protocol == ListenerProtocol.Unix)
            {
                socket.Listen(plan.Backlog);
            }
        }
        catch (SocketException e)
        {
            socket.Dispose();
            file.Remove();
            var error = NativeError.From(e);
            throw new InvalidRequestException($"path: listening on {file.Path} failed ({error.Code} {error.Name})", e);
        }
    }

    private static Socket Bind(ListenerPlan plan)
    {
        var tcp = plan.Protocol == ListenerProtocol.Tcp;
        var socket = new Socket(plan.Bind.AddressFamily, tcp ? SocketType.Stream : SocketType.Dgram, tcp ? ProtocolType.Tcp : ProtocolType.Udp);
        try
        {
            if (plan.Bind.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            if (tcp)
            {
                PortClaims.AllowTimeWaitRebind(socket);
            }

            socket.Bind(plan.Bind);
            if (tcp)
            {
                socket.Listen(plan.Backlog);
            }

            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var error = NativeError.From(e);
            var where = plan.Bind.Port == 0 ? $"a free port on {plan.Bind.Address}" : $"port {plan.Bind.Port} on {plan.Bind.Address}";
            if (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw RequestRefusedException.Conflict(
                    $"port {plan.Bind.Port} is already in use on {plan.Bind.Address} by a socket that is not one of these listeners ({error.Code} {error.Name})", e);
            }

            throw e.SocketErrorCode switch
            {
                SocketError.AccessDenied => new InvalidRequestException(
                    $"port {plan.Bind.Port}: binding {where} needs privileges this server lacks ({error.Code} {error.Name}); ports below 1024 usually do", e),
                SocketError.AddressNotAvailable => new InvalidRequestException(
                    $"bindAddress {plan.Bind.Address} is not an address of this host ({error.Code} {error.Name})", e),
                _ => new InvalidRequestException($"bindAddress: binding {where} failed ({error.Code} {error.Name})", e),
            };
        }
    }

    /// <summary>
    /// Stops listeners whose TTL ran out, and forgets those stopped long ago, until cancelled. The host
    /// runs it (a hosted service in the dashboard), so expiry has an owner that sees its failures.
    /// </summary>
    public Task RunExpiryAsync(CancellationToken cancellationToken) => RunExpiryAsync(expired: null, cancellationToken);

    /// <inheritdoc cref="RunExpiryAsync(CancellationToken)"/>
    /// <param name="expired">Told of each listener this stopped because its TTL ran out (the dashboard audits it).</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    public async Task RunExpiryAsync(Action<RunningListener>? expired, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            foreach (var listener in _listeners.Values.Where(l => !l.IsStopped && l.ExpiresAt <= now))
            {
                await listener.StopAsync($"its TTL of {listener.Plan.Ttl.TotalSeconds:0} s ran out");
                expired?.Invoke(listener);
            }

            lock (_gate)
            {
                Forget();
            }

            try
            {
                await Task.Delay(ExpiryTick, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Closes every open listener as <see cref="ListenerState.Interrupted"/> (the server is stopping) and
    /// waits, until <paramref name="cancellationToken"/>, for their watchers to receive the last event.
    /// </summary>
    public async Task InterruptAllAsync(string reason, CancellationToken cancellationToken)
    {
        var open = _listeners.Values.Where(l => !l.IsStopped).ToList();
        foreach (var listener in open)
        {
            await listener.StopAsync(reason, ListenerState.Interrupted);
        }

        while (open.Any(l => l.Watching > 0))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken);
        }
    }

    // TTLs are whole seconds: a quarter of one is late enough for a countdown nobody watches to the millisecond.
    private static readonly TimeSpan ExpiryTick = TimeSpan.FromMilliseconds(250);

    private TimeSpan? NextExpiry(IEnumerable<RunningListener> open) =>
        open.Select(l => l.ExpiresAt).DefaultIfEmpty().Min() is var next && next > time.GetUtcNow() ? next - time.GetUtcNow() : null;

    private void Forget()
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromMinutes(Options.RetainStoppedMinutes);
        foreach (var listener in _listeners.Values.Where(l => l.IsStopped && l.StoppedAt < cutoff))
        {
            if (_listeners.TryRemove(listener.Id, out _))
            {
                // Already stopped: this only releases what is left (its cancellation source).
                _ = listener.DisposeAsync().AsTask();
            }
        }
    }
}
