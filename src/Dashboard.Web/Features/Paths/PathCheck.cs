using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Paths;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Paths;

/// <summary>One two-ended check: listen at <c>to</c>, send a nonce from <c>from</c>, compare what arrived, close.</summary>
internal sealed class PathCheck(IVantagePoint from, IVantagePoint to, string host, PathCheckRequest request, TimeProvider time)
{
    private readonly ListenerProtocol _protocol = request.Protocol ?? ListenerProtocol.Tcp;
    private readonly int _timeoutMs = request.TimeoutMs ?? PathCheckService.DefaultTimeoutMs;

    /// <summary>The listener at B binds every address of the family the sender aims at.</summary>
    public static string BindFor(string host) =>
        IPAddress.TryParse(host, out var literal) && literal.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "::" : "0.0.0.0";

    public async Task<PathCheckResult> RunAsync(string owner, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var nonce = Encoding.ASCII.GetBytes($"sdpc-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}\n");
        var bind = BindFor(host);
        var ttl = Math.Max(10, (_timeoutMs / 1000) + 10);
        var listener = await to.OpenListenerAsync(new ListenerRequest(_protocol, bind, request.Port, TtlSeconds: ttl), owner, [], cancellationToken);
        try
        {
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            window.CancelAfter(_timeoutMs + 1_000);
            var seen = WatchAsync(listener, nonce.Length, window.Token);
            var (state, codeName, sentFrom, rttMs, sent) = await SendAsync(nonce, cancellationToken);
            if (state is not ("open" or "replied" or "no-reply"))
            {
                // Refused or filtered at the sender: nothing can arrive; a short grace covers a reply in flight.
                window.CancelAfter(300);
            }

            var arrival = await seen;
            return Result(at, nonce, state, codeName, sentFrom, rttMs, sent, arrival);
        }
        finally
        {
            await listener.StopAsync("the path check is done", CancellationToken.None);
        }
    }

    private async Task<(string State, string CodeName, string? SentFrom, double? RttMs, int Sent)> SendAsync(byte[] nonce, CancellationToken cancellationToken)
    {
        if (_protocol == ListenerProtocol.Tcp)
        {
            var tcp = await from.SendTcpAsync(new TcpSendRequest(host, request.Port, Convert.ToBase64String(nonce), Math.Min(_timeoutMs, 10_000)),
                cancellationToken);
            var c = tcp.Connect;
            return (Wire(c.State), c.CodeName, c.LocalEndPoint, c.RttMs, tcp.BytesSent);
        }

        var udp = await from.SendUdpAsync(new UdpSendRequest(host, request.Port, Convert.ToHexStringLower(nonce), PayloadEncoding.Hex, 1, 0, 200),
            cancellationToken);
        return (Wire(udp.State), udp.CodeName, udp.LocalEndPoint, null, (int)udp.BytesSent);
    }

    /// <summary>What the listening end saw: the first peer, and the bytes of its first connection or datagram.</summary>
    private async Task<Arrival> WatchAsync(IVantageListener listener, int expected, CancellationToken cancellationToken)
    {
        var arrival = new Arrival();
        var bytes = new List<byte>();
        try
        {
            await foreach (var e in listener.WatchAsync(cancellationToken))
            {
                switch (e.Kind)
                {
                    case ListenerEventKind.Accepted when arrival.Peer is null:
                        arrival.Peer = e.Peer;
                        arrival.Connection = e.ConnectionId;
                        break;
                    case ListenerEventKind.Data when e.ConnectionId == arrival.Connection:
                        bytes.AddRange(Convert.FromBase64String(e.PayloadBase64 ?? ""));
                        break;
                    case ListenerEventKind.Datagram when arrival.Peer is null:
                        arrival.Peer = e.Peer;
                        bytes.AddRange(Convert.FromBase64String(e.PayloadBase64 ?? ""));
                        arrival.Done = true;
                        break;
                    case ListenerEventKind.Closed when e.ConnectionId == arrival.Connection && arrival.Peer is not null:
                        arrival.Done = true;
                        break;
                }

                if (arrival.Done || (_protocol == ListenerProtocol.Tcp && bytes.Count >= expected && arrival.Peer is not null))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The window closed: what arrived by then is the answer.
        }

        arrival.Bytes = [.. bytes];
        return arrival;
    }


    private PathCheckResult Result(DateTimeOffset at, byte[] nonce, string state, string codeName, string? sentFrom, double? rttMs, int sent, Arrival arrival)
    {
        var arrived = arrival.Peer is not null;
        var sentEnd = Parse(sentFrom);
        var seenEnd = Parse(arrival.Peer);
        var nat = arrived && sentEnd is not null && seenEnd is not null && !Same(sentEnd.Address, seenEnd.Address);
        var portChanged = arrived && sentEnd is not null && seenEnd is not null && sentEnd.Port != seenEnd.Port;
        bool? intact = arrived ? arrival.Bytes.AsSpan().SequenceEqual(nonce) : null;
        var detail = (arrived, state) switch
        {
            (true, _) when intact == false => $"arrived from {arrival.Peer}, but {arrival.Bytes.Length} bytes differ from the {nonce.Length} sent: changed on the way",
            (true, _) when nat => $"arrived from {arrival.Peer}, sent from {sentFrom}: an address translation (NAT) on the way",
            (true, _) => $"arrived from {arrival.Peer}, byte for byte",
            (false, "open") => $"{from.Name} connected, but the listener at {to.Name} saw no connection: something else answered at {host}:{request.Port}",
            (false, _) => $"nothing arrived at {to.Name} within {_timeoutMs} ms; the sender reported {state} ({codeName})",
        };
        return new PathCheckResult(from.Name, to.Name, host, request.Port, _protocol, arrived ? PathExpectation.Reachable : PathExpectation.Blocked,
            arrived, state, codeName, sentFrom, arrival.Peer, nat, portChanged, intact, sent, arrival.Bytes.Length,
            rttMs is { } rtt ? Math.Round(rtt, 3) : null, detail, at);
    }

    private static IPEndPoint? Parse(string? endPoint) => endPoint is not null && IPEndPoint.TryParse(endPoint, out var parsed) ? parsed : null;

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);

    private static string Wire<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonSerializer.Serialize(value).Trim('"');

    private sealed class Arrival
    {
        public string? Peer { get; set; }

        public long? Connection { get; set; }

        public bool Done { get; set; }

        public byte[] Bytes { get; set; } = [];

        public bool Arrived => Peer is not null;
    }
}
