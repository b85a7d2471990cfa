using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Dashboard.Sockets.Scanning.Linux;

/// <summary>
/// Timing pings, as nmap's scan engine sends them: while a host has not answered for a timeout, a
/// connect to a port of it known to answer (one that refused, else one that was open) keeps measuring
/// its round trip and tells a host that still answers, whose silent ports are filtered, from a path
/// that loses packets. A ping is never a result; it takes a slot and a socket but no room in the window.
/// </summary>
internal sealed unsafe partial class EpollScanWorker
{
    /// <summary>Sends the host's timing ping when one is due and this worker has a slot to spare (one stays for the probe at hand) and a socket.</summary>
    private void MaybePing(int targetIndex)
    {
        var host = run.Hosts[targetIndex];
        if (_free.Count < 2 || !host.TryStartPing(Stopwatch.GetTimestamp(), out var port))
        {
            return;
        }

        if (!run.TryTakeSocket())
        {
            host.PingAbandoned();
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var family = run.AddressLengths[targetIndex] == 16 ? Libc.AF_INET : Libc.AF_INET6;
        var fd = Libc.socket(family, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            run.ReturnSocket();
            host.PingAbandoned();
            return;
        }

        var address = stackalloc byte[SocketAddress.MaxLength];
        var span = new Span<byte>(address, SocketAddress.MaxLength);
        run.Addresses[targetIndex].CopyTo(span);
        SocketAddress.SetPort(span, port);
        var error = Libc.connect(fd, address, run.AddressLengths[targetIndex]) == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (error == Libc.EINPROGRESS)
        {
            error = PendingError(fd);
            if (error == 0)
            {
                if (Register(fd, -1, targetIndex, started, 1, ping: true) != 0)
                {
                    run.ReturnSocket();
                    host.PingAbandoned();
                }

                return;
            }
        }

        PingEnded(fd, targetIndex, error, started, Stopwatch.GetTimestamp());
    }

    /// <summary>A ping's connect ended: connected or refused is the answer it asked for; anything else is not.</summary>
    private void PingEnded(int fd, int targetIndex, int error, long started, long now)
    {
        var host = run.Hosts[targetIndex];
        if (error == 0)
        {
            CloseConnected(fd);
        }
        else
        {
            Libc.close(fd);
        }

        run.ReturnSocket();
        if (error is 0 or Libc.ECONNREFUSED)
        {
            host.PingAnswered(now - started, now);
        }
        else
        {
            host.PingAbandoned();
        }
    }
}
