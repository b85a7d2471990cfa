using System.Diagnostics;
using System.Runtime.InteropServices;
using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Probing;

namespace Dashboard.Sockets.Scanning.Linux;

/// <summary>How the worker's connects end: answered, expired (retried or filtered), reported in batches, their slots given back.</summary>
internal sealed unsafe partial class EpollScanWorker
{
    /// <summary>
    /// Reports a connect that ended with an error. A refusal is an answer (a round-trip sample, and a port for
    /// timing pings); so is an ICMP error a router sent back (<see cref="Libc.IsNetworkAnswer"/>), when it came
    /// after the SYN left (<paramref name="fromNetwork"/>), not from this machine's own routing table.
    /// </summary>
    private void Finish(int targetIndex, int port, int errno, long started, long now, int attempt, bool socketReturned = false, bool fromNetwork = false)
    {
        if (!socketReturned)
        {
            run.ReturnSocket();
        }

        var host = run.Hosts[targetIndex];
        if (errno == Libc.ECONNREFUSED)
        {
            host.Answered(now - started, attempt, now);
            host.Responsive(port, refused: true);
        }
        else if (fromNetwork && Libc.IsNetworkAnswer(errno))
        {
            host.Answered(now - started, attempt, now);
        }
        else
        {
            host.Abandoned();
        }

        Report(ProbeOutcomes.Failed(run.Plan.Targets[targetIndex], port, NativeError.FromLinuxErrno(errno),
            Milliseconds(now - started), null, At(started), AttemptsOf(attempt)));
    }

    private void Complete(int slot, int generation, long now)
    {
        ref var s = ref _slots[slot];
        if (s.Generation != generation || s.Fd < 0)
        {
            return;
        }

        var error = PendingError(s.Fd);
        if (s.Ping)
        {
            PingEnded(s.Fd, s.Target, error, s.Started, now);
        }
        else if (error == 0)
        {
            var host = run.Hosts[s.Target];
            host.Answered(now - s.Started, s.Attempt, now);
            host.Responsive(run.Plan.PortAt(s.Index), refused: false);
            Report(Connected(s.Fd, s.Index, s.Started, now, s.Attempt));
            CloseConnected(s.Fd);
            run.ReturnSocket();
        }
        else
        {
            Libc.close(s.Fd);
            Finish(s.Target, run.Plan.PortAt(s.Index), error, s.Started, now, s.Attempt, fromNetwork: true);
        }

        Release(slot);
        _inFlight--;
    }

    /// <summary>Closes connects past their host's current timeout: each is retried, or its port reported filtered.</summary>
    private void Expire(long now)
    {
        while (_deadlines.TryPeek(out var head))
        {
            ref var s = ref _slots[head.Slot];
            if (s.Generation != head.Generation || s.Fd < 0)
            {
                _deadlines.Dequeue();
                continue;
            }

            var host = run.Hosts[s.Target];
            if (now - s.Started < host.TimeoutTicks)
            {
                return;
            }

            _deadlines.Dequeue();
            Libc.close(s.Fd);
            run.ReturnSocket();
            if (s.Ping)
            {
                host.PingLost(now);
            }
            else if (s.Attempt < host.AllowedAttempts)
            {
                host.TimedOut(now);
                _pending.Push((s.Index, s.Attempt + 1));
            }
            else
            {
                host.TimedOut(now);
                var (target, port) = run.Plan[s.Index];
                Report(ProbeOutcomes.TimedOut(target, port, run.NoAnswerMessages[s.Attempt], Milliseconds(now - s.Started), null,
                    At(s.Started), AttemptsOf(s.Attempt)));
            }

            Release(head.Slot);
            _inFlight--;
        }
    }

    private int WaitMs()
    {
        while (_deadlines.TryPeek(out var head))
        {
            ref var s = ref _slots[head.Slot];
            if (s.Generation == head.Generation && s.Fd >= 0)
            {
                var left = run.Hosts[s.Target].TimeoutTicks - (Stopwatch.GetTimestamp() - s.Started);
                return (int)Math.Clamp((left * 1000 / Stopwatch.Frequency) + 1, 1, MaxWaitMs);
            }

            _deadlines.Dequeue();
        }

        return MaxWaitMs;
    }

    /// <summary><c>SO_ERROR</c>: the connect's outcome so far (0: connected or still in progress).</summary>
    private static int PendingError(int fd)
    {
        int error;
        var length = sizeof(int);
        return Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, &error, &length) == 0 ? error : Marshal.GetLastPInvokeError();
    }

    /// <summary>Closes with RST, as a connect scan does: no TIME_WAIT per open port, so repeated scans do not run out of ports.</summary>
    private static void CloseConnected(int fd)
    {
        var linger = stackalloc int[2] { 1, 0 };
        Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_LINGER, linger, sizeof(int) * 2);
        Libc.close(fd);
    }

    private ProbeResult Connected(int fd, long index, long started, long now, int attempt)
    {
        var (target, port) = run.Plan[index];
        var buffer = stackalloc byte[SocketAddress.MaxLength];
        var length = SocketAddress.MaxLength;
        var local = Libc.getsockname(fd, buffer, &length) == 0 ? SocketAddress.Read(new ReadOnlySpan<byte>(buffer, length)) : null;
        var remote = new System.Net.IPEndPoint(target.Address, port);
        var rttMs = Milliseconds(now - started);
        return local is not null && local.Equals(remote)
            ? ProbeOutcomes.SelfConnected(target, port, rttMs, local, At(started), AttemptsOf(attempt))
            : ProbeOutcomes.Open(target, port, rttMs, local, remote, At(started), AttemptsOf(attempt));
    }

    /// <summary>Gives a slot back; a registered connect's, whose <c>_inFlight</c> the caller counts down.</summary>
    private void Release(int slot)
    {
        ref var s = ref _slots[slot];
        _pingsInFlight -= s.Ping && s.Fd >= 0 ? 1 : 0;
        s.Ping = false;
        s.Fd = -1;
        s.Generation++;
        _free.Push(slot);
    }

    private void Report(ProbeResult result)
    {
        _batch.Add(result);
        if (_batch.Count >= BatchSize)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_batch.Count > 0)
        {
            var full = _batch;
            _batch = new List<ProbeResult>(BatchSize);
            run.Publish(full);
        }
    }

    private void CloseInFlight()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Fd >= 0)
            {
                Libc.close(_slots[i].Fd);
                run.ReturnSocket();
                if (_slots[i].Ping)
                {
                    run.Hosts[_slots[i].Target].PingAbandoned();
                }
                else
                {
                    run.Hosts[_slots[i].Target].Abandoned();
                }

                _slots[i].Fd = -1;
            }
        }
    }

    // Only retries are worth a count on the wire: one connect is what a probe always was.
    private static int? AttemptsOf(int attempt) => attempt > 1 ? attempt : null;

    private DateTimeOffset At(long started) => run.StartedAt + Stopwatch.GetElapsedTime(run.Origin, started);

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
