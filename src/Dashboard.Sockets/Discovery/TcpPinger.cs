using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// Unprivileged discovery by connect: a few ports of one host at once, all within the host's one clock
/// (<see cref="HostVerdicts.StartClock"/>). A completed connect or a reset proves the host up; "no route" and "host
/// unreachable" (neighbour resolution failed) prove it down; silence proves nothing.
/// </summary>
internal sealed class TcpPinger(SocketBudget budget, DiscoveryConnect.Pool connects)
{
    public async Task PingAsync(ResolvedTarget target, IReadOnlyList<int> ports, int timeoutMs, HostVerdicts verdicts)
    {
        var token = verdicts.TokenOf(target.Address);
        var pings = new Task[ports.Count];
        for (var i = 0; i < pings.Length; i++)
        {
            pings[i] = OneAsync(target, ports[i], timeoutMs, verdicts, token);
        }

        await Task.WhenAll(pings);
    }

    private async Task OneAsync(ResolvedTarget target, int port, int timeoutMs, HostVerdicts verdicts, CancellationToken token)
    {
        SocketError error;
        double rttMs;
        try
        {
            using var lease = await budget.LeaseAsync(token);
            verdicts.StartClock(target.Address, timeoutMs);
            using var socket = new Socket(target.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // Closing the socket is what stops a pending connect without an exception; the token only says when.
            await using var stop = token.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket);
            var connect = connects.Rent();
            var started = Stopwatch.GetTimestamp();
            try
            {
                error = await connect.ConnectAsync(socket, new IPEndPoint(target.Address, port));
            }
            finally
            {
                connects.Return(connect);
            }

            rttMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (error == SocketError.Success)
            {
                // Close with RST, as a connect scan does: no TIME_WAIT left behind on this side.
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException || (e is ObjectDisposedException && token.IsCancellationRequested))
        {
            // Stopped while waiting for a socket, or closed by the token before its connect began.
            return;
        }

        if (!token.IsCancellationRequested)
        {
            Decide(target.Address, port, error, rttMs, verdicts);
        }
    }

    private static void Decide(IPAddress address, int port, SocketError error, double rttMs, HostVerdicts verdicts)
    {
        switch (error)
        {
            case SocketError.Success:
                verdicts.Up(address, HostMethods.TcpConnect, $"port {port} accepted a connection", rttMs, $"a connect to port {port} completed");
                break;
            case SocketError.ConnectionRefused:
                verdicts.Up(address, HostMethods.TcpRefused, $"port {port} refused", rttMs,
                    $"port {port} answered a connect with a reset: the host is there, nothing listens on that port");
                break;
            case SocketError.HostUnreachable:
                // Neither names the port nor the address (the row does): neighbours down alike share one row.
                verdicts.Down(address, HostMethods.HostUnreachable, NativeError.Of(error).Name,
                    "no host answered: neighbour resolution (ARP/NDP) failed or a router reported it unreachable");
                break;
            case SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.HostDown:
                var name = NativeError.Of(error).Name;
                verdicts.Down(address, HostMethods.NoRoute, name, $"this server has no route to the address ({name})");
                break;
        }
    }
}
