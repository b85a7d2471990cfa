using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Payloads;
using Dashboard.Sockets.Targets;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Udp;

/// <summary>
/// <c>sendto</c>/<c>recvfrom</c> on a connected UDP socket, so that an ICMP port unreachable from
/// the peer surfaces as <c>ECONNREFUSED</c>. Replies are kept up to the configured caps.
/// </summary>
public sealed class UdpSender(IOptions<UdpOptions> options, TimeProvider timeProvider, SocketBudget? budget = null)
{
    /// <summary>The most a UDP datagram carries over IPv4: 65,535 − 20 (IP) − 8 (UDP).</summary>
    public const int MaxIPv4Payload = 65_507;

    /// <summary>The most a UDP datagram carries over IPv6 without jumbograms: 65,535 − 8 (UDP).</summary>
    public const int MaxIPv6Payload = 65_527;

    private readonly UdpOptions _options = options.Value;

    public UdpOptions Options => _options;

    /// <summary>Sends, listens, reports. Expected outcomes (refused, silent, unresolved) are results, not exceptions.</summary>
    /// <exception cref="InvalidRequestException">A rule is broken; nothing was sent.</exception>
    /// <exception cref="RequestRefusedException">Limit reached: no socket of the budget came free within <see cref="SocketBudget.LeaseWait"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<UdpSendResult> SendAsync(UdpSendRequest? request, CancellationToken cancellationToken)
    {
        var plan = Validate(request);
        cancellationToken.ThrowIfCancellationRequested();
        var at = timeProvider.GetUtcNow();
        IPAddress address;
        try
        {
            address = (await HostResolver.ResolveAsync(plan.Host, cancellationToken))[0];
        }
        catch (SocketException e)
        {
            var error = NativeError.Of(e.SocketErrorCode);
            return Result(plan, null, UdpState.Error, error, $"the name '{plan.Host}' did not resolve ({error.Name})", new Exchange(), at);
        }

        if (PayloadSizeProblem(plan.Payload.Length, address.AddressFamily) is { } tooLarge)
        {
            throw new InvalidRequestException(tooLarge);
        }

        using var lease = budget is null ? null : await budget.LeaseAsync(SocketBudget.LeaseWait, cancellationToken) ?? throw budget.Spent("a UDP send");
        using var socket = NewSocket(address, budget);
        var exchange = new Exchange();
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, plan.Port), cancellationToken);
            exchange.Local = socket.LocalEndPoint?.ToString();
            await RunAsync(socket, plan, exchange, cancellationToken);
        }
        catch (SocketException e) when (!IsRefusal(e))
        {
            var error = NativeError.From(e);
            return Result(plan, address, UdpState.Error, error, $"the send failed: {error.Name} ({e.SocketErrorCode})", exchange, at);
        }

        return exchange.Replies.Count > 0
            ? Result(plan, address, UdpState.Replied, NativeError.Ok,
                $"{exchange.Replies.Count + exchange.Dropped} {(exchange.Replies.Count + exchange.Dropped == 1 ? "reply" : "replies")}: something listens on UDP port {plan.Port} and answered",
                exchange, at)
            : exchange.Refused
                ? Result(plan, address, UdpState.Refused, NativeError.Of(SocketError.ConnectionRefused),
                    "the host answered with ICMP port unreachable: nothing listens on this UDP port", exchange, at)
                : Result(plan, address, UdpState.NoReply, NativeError.Ok,
                    plan.WaitReplyMs == 0
                        ? "sent; no reply was waited for (waitReplyMs 0)"
                        : $"no reply within {plan.WaitReplyMs} ms: the port may be open and silent, or filtered; UDP cannot tell these apart without an answer",
                    exchange, at);
    }

    /// <summary>
    /// Why a payload of <paramref name="bytes"/> does not fit one datagram to an address of
    /// <paramref name="family"/>, or null when it does. Anything but IPv6 is held to IPv4's limit.
    /// </summary>
    public static string? PayloadSizeProblem(int bytes, AddressFamily family)
    {
        var (limit, network) = family == AddressFamily.InterNetworkV6 ? (MaxIPv6Payload, "IPv6") : (MaxIPv4Payload, "IPv4");
        return bytes <= limit
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"payload is {bytes:N0} bytes; a UDP datagram over {network} carries at most {limit:N0}");
    }

    /// <summary>Checks a request; returns the payload's bytes and the bounds to use.</summary>
    /// <exception cref="InvalidRequestException">What is wrong and what is allowed.</exception>
    internal UdpSendPlan Validate(UdpSendRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { host, port, payload, encoding?, count?, intervalMs?, waitReplyMs? }");
        }

        var problem = HostName.Problem(request.Host) ?? PortNumber.Problem(request.Port)
            ?? Bounds.Problem("count", request.Count, _options.MaxCount)
            ?? (request.IntervalMs is < 0 || request.IntervalMs > _options.MaxIntervalMs ? $"intervalMs must be 0-{_options.MaxIntervalMs}, got {request.IntervalMs}" : null)
            ?? (request.WaitReplyMs is < 0 || request.WaitReplyMs > _options.MaxWaitReplyMs ? $"waitReplyMs must be 0-{_options.MaxWaitReplyMs}, got {request.WaitReplyMs}" : null);
        if (problem is not null)
        {
            throw new InvalidRequestException(problem);
        }

        var payload = PayloadCodec.Decode(request.Payload, request.Encoding);
        if (payload.Length > MaxIPv6Payload)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"payload is {payload.Length:N0} bytes; a UDP datagram carries at most {MaxIPv4Payload:N0} over IPv4, {MaxIPv6Payload:N0} over IPv6"));
        }

        var (count, interval, wait) = (request.Count ?? 1, request.IntervalMs ?? 0, request.WaitReplyMs ?? _options.DefaultWaitReplyMs);
        var duration = ((long)(count - 1) * interval) + wait;
        if (duration > _options.MaxDurationMs)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"(count - 1) × intervalMs + waitReplyMs must be at most {_options.MaxDurationMs:N0} ms, got {duration:N0}"));
        }

        return new UdpSendPlan(request.Host.Trim(), request.Port, payload, count, interval, wait);
    }

    private async Task RunAsync(Socket socket, UdpSendPlan plan, Exchange exchange, CancellationToken cancellationToken)
    {
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = ReceiveAsync(socket, exchange, listening.Token);
        for (var i = 0; i < plan.Count; i++)
        {
            if (i > 0 && plan.IntervalMs > 0)
            {
                await Task.Delay(plan.IntervalMs, cancellationToken);
            }

            await SendOneAsync(socket, plan.Payload, exchange, cancellationToken);
        }

        // Listen until every datagram has had its reply, a refusal proves the port closed, or the wait is over.
        exchange.MarkSendsDone();
        await Task.WhenAny(receiving, exchange.RefusedSignal.Task, exchange.AnsweredSignal.Task, Task.Delay(plan.WaitReplyMs, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        await listening.CancelAsync();
        await receiving;
    }

    private static async Task SendOneAsync(Socket socket, byte[] payload, Exchange exchange, CancellationToken cancellationToken)
    {
        // An ICMP error from an earlier datagram is reported by the next send, which then sends
        // nothing: note the refusal and send again, so count datagrams really leave.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                exchange.BytesSent += await socket.SendAsync(payload, SocketFlags.None, cancellationToken);
                exchange.Sent++;
                exchange.LastSent = Stopwatch.GetTimestamp();
                return;
            }
            catch (SocketException e) when (IsRefusal(e) && attempt == 0)
            {
                exchange.MarkRefused();
            }
        }
    }

    private async Task ReceiveAsync(Socket socket, Exchange exchange, CancellationToken cancellationToken)
    {
        var buffer = new byte[65_536];
        EndPoint any = socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
                var afterMs = Stopwatch.GetElapsedTime(exchange.LastSent).TotalMilliseconds;
                if (exchange.Replies.Count >= _options.MaxReplies)
                {
                    exchange.Dropped++;
                    exchange.CheckAnswered();
                    continue;
                }

                var kept = Math.Min(received.ReceivedBytes, _options.ReplyPreviewBytes);
                exchange.AddReply(new UdpReply(received.RemoteEndPoint.ToString()!, received.ReceivedBytes,
                    Convert.ToBase64String(buffer, 0, kept), PayloadCodec.ToText(buffer.AsSpan(0, kept)), kept < received.ReceivedBytes,
                    Math.Round(afterMs, 3)));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e) when (IsRefusal(e))
            {
                exchange.MarkRefused();
            }
        }
    }

    // Linux and macOS report an ICMP port unreachable as ECONNREFUSED; Windows as WSAECONNRESET.
    private static bool IsRefusal(SocketException e) =>
        e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset;

    private static UdpSendResult Result(UdpSendPlan plan, IPAddress? address, UdpState state, NativeError error, string message,
        Exchange exchange, DateTimeOffset at) =>
        new(plan.Host, address?.ToString(), plan.Port, state, error.Code, error.Name, message, exchange.Sent, exchange.BytesSent,
            exchange.Local, exchange.Replies, exchange.Dropped, at);

    /// <summary>What one send saw; written by the send loop and the receive loop, read after both end.</summary>
    private sealed class Exchange
    {
        private volatile bool _sendsDone;

        public List<UdpReply> Replies { get; } = [];

        public TaskCompletionSource RefusedSignal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Refused => RefusedSignal.Task.IsCompleted;

        public int Dropped { get; set; }

        public int Sent { get; set; }

        public long BytesSent { get; set; }

        public long LastSent { get; set; } = Stopwatch.GetTimestamp();

        public string? Local { get; set; }

        /// <summary>Completes when all datagrams are sent and each has had a reply.</summary>
        public TaskCompletionSource AnsweredSignal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void MarkRefused() => RefusedSignal.TrySetResult();

        public void AddReply(UdpReply reply)
        {
            Replies.Add(reply);
            CheckAnswered();
        }

        public void MarkSendsDone()
        {
            _sendsDone = true;
            CheckAnswered();
        }

        public void CheckAnswered()
        {
            if (_sendsDone && Sent > 0 && Replies.Count + Dropped >= Sent)
            {
                AnsweredSignal.TrySetResult();
            }
        }
    }

    private static Socket NewSocket(IPAddress address, SocketBudget? budget)
    {
        try
        {
            return new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
        {
            throw SocketBudget.NoDescriptor("a UDP send", e, budget);
        }
    }
}
