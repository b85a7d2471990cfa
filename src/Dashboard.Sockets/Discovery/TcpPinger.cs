using System.Net.Sockets;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// Unprivileged discovery by connect: a few ports of one host at once. A completed connect or a
/// reset proves the host up; "no route" and "host unreachable" (neighbour resolution failed) prove
/// it down; silence proves nothing.
/// </summary>
internal sealed class TcpPinger(TcpProber prober, SocketBudget budget)
{
    public async Task PingAsync(ResolvedTarget target, IReadOnlyList<int> ports, int timeoutMs, HostVerdicts verdicts)
    {
        var token = verdicts.TokenOf(target.Address);
        await Task.WhenAll(ports.Select(port => OneAsync(target, port, timeoutMs, verdicts, token)));
    }

    private async Task OneAsync(ResolvedTarget target, int port, int timeoutMs, HostVerdicts verdicts, CancellationToken token)
    {
        ProbeResult result;
        try
        {
            using var lease = await budget.LeaseAsync(token);
            result = await prober.ConnectAsync(target, port, timeoutMs, token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var address = target.Address;
        switch (result.State)
        {
            case ProbeState.Open:
                verdicts.Up(address, HostMethods.TcpConnect, $"port {port} accepted a connection", result.RttMs ?? 0,
                    $"a connect to port {port} completed");
                break;
            case ProbeState.Closed:
                verdicts.Up(address, HostMethods.TcpRefused, $"port {port} refused", result.RttMs ?? 0,
                    $"port {port} answered a connect with a reset: the host is there, nothing listens on that port");
                break;
            case ProbeState.Unreachable when result.SocketError == nameof(SocketError.HostUnreachable):
                // Neither names the port nor the address (the row does): neighbours down alike share one row.
                verdicts.Down(address, HostMethods.HostUnreachable, result.CodeName,
                    "no host answered: neighbour resolution (ARP/NDP) failed or a router reported it unreachable");
                break;
            case ProbeState.Unreachable:
                verdicts.Down(address, HostMethods.NoRoute, result.CodeName, $"this server has no route to the address ({result.CodeName})");
                break;
        }
    }
}
