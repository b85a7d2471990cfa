using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;

namespace Dashboard.Tests.Support;

/// <summary>
/// Many idle connections to <c>/hubs/probe</c> at once, as a flood would open them: WebSockets straight
/// away (no negotiation, as SignalR clients with <c>SkipNegotiation</c> do), each completing SignalR's
/// handshake and then only pinging, every <see cref="PingEvery"/>, so the server keeps it. What each
/// attempt got is counted: connected, the HTTP status of a refusal, or closed before any answer.
/// </summary>
public sealed class IdleHubFlood : IAsyncDisposable
{
    public const string Connected = "connected";

    /// <summary>The connection was closed or reset before an HTTP answer: Kestrel's connection cap, at the transport.</summary>
    public const string ClosedAtTransport = "closed before an answer";

    /// <summary>Under SignalR's 30 s client timeout, with room for a busy server.</summary>
    public static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(10);

    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ConcurrentBag<ClientWebSocket> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _pinging = Task.CompletedTask;

    private IdleHubFlood()
    {
    }

    /// <summary>Attempts by outcome: <see cref="Connected"/>, <c>"429"</c>, <c>"503"</c>, <see cref="ClosedAtTransport"/>, ...</summary>
    public ConcurrentDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>Retry-After</c> of each refusal status seen (the last one).</summary>
    public ConcurrentDictionary<int, string?> RetryAfter { get; } = new();

    /// <summary>Connections open and idle now.</summary>
    public int Open => _open.Count;

    public int Count(string outcome) => Outcomes.GetValueOrDefault(outcome);

    /// <summary>Opens <paramref name="count"/> connections, <paramref name="parallel"/> at a time, and keeps those that got in.</summary>
    public static async Task<IdleHubFlood> OpenAsync(Uri baseAddress, string token, int count, int parallel, CancellationToken cancellationToken)
    {
        var flood = new IdleHubFlood();
        var hub = new UriBuilder(new Uri(baseAddress, Dashboard.Contracts.ProbeHubRoutes.Path.TrimStart('/'))) { Scheme = "ws" }.Uri;
        using var gate = new SemaphoreSlim(parallel);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var outcome = await flood.ConnectOneAsync(hub, token, cancellationToken);
                flood.Outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
            finally
            {
                gate.Release();
            }
        }));
        flood._pinging = Task.Run(flood.PingAsync, CancellationToken.None);
        return flood;
    }

    /// <summary>Closes every connection at once (a reset, as a flood's clients vanish).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pinging;
        foreach (var socket in _open)
        {
            socket.Abort();
            socket.Dispose();
        }

        _open.Clear();
        _stop.Dispose();
    }

    private async Task<string> ConnectOneAsync(Uri hub, string token, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        try
        {
            await socket.ConnectAsync(hub, cancellationToken);
            await socket.SendAsync(Handshake, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            var answer = new byte[256];
            var read = await socket.ReceiveAsync(answer, cancellationToken);
            var text = Encoding.UTF8.GetString(answer, 0, read.Count);
            if (read.MessageType == WebSocketMessageType.Close || text.Contains("error", StringComparison.Ordinal))
            {
                socket.Dispose();
                return $"handshake refused: {text.TrimEnd('\u001e')}";
            }

            _open.Add(socket);
            return Connected;
        }
        catch (WebSocketException) when (socket.HttpStatusCode != 0)
        {
            var status = (int)socket.HttpStatusCode;
            RetryAfter[status] = socket.HttpResponseHeaders?.TryGetValue("Retry-After", out var values) == true ? values.FirstOrDefault() : null;
            socket.Dispose();
            return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
        {
            socket.Dispose();
            return ClosedAtTransport;
        }
    }

    private async Task PingAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PingEvery, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var socket in _open)
            {
                try
                {
                    await socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
                }
                catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
                {
                    // Closed by the server meanwhile; counted at the end by what is still open.
                }
            }
        }
    }
}
