using System.Diagnostics;
using System.Runtime.InteropServices;
using Dashboard.Contracts.Probe;

namespace Dashboard.Sockets.Scanning.Linux;

/// <summary>
/// One scan thread: non-blocking connects on raw descriptors, completions from its own epoll
/// instance, a window of connects in flight and a deadline queue in start order. A connect
/// without an answer by its host's current timeout is closed and retried with a fresh one, until
/// the host's allowed attempts are spent; only then is the port filtered. Timeouts differ per
/// host, so a later connect may expire before the queue's head: it is then noticed late, never early.
/// Beside the probes, a host that has not answered for a while gets a timing ping (see EpollScanWorker.Pings.cs).
/// </summary>
internal sealed unsafe partial class EpollScanWorker(EpollScanRun run, int window)
{
    private const int MaxEvents = 256;
    private const int BatchSize = 512;
    private const int MaxWaitMs = 20;
    private const int StartsPerRound = 64;

    private readonly Slot[] _slots = Enumerable.Repeat(new Slot { Fd = -1 }, window).ToArray();
    private readonly Stack<int> _free = new(Enumerable.Range(0, window).Reverse());
    private readonly Queue<(int Slot, int Generation)> _deadlines = new();
    private readonly Stack<(long Index, int Attempt)> _pending = new();
    private List<ProbeResult> _batch = new(BatchSize);
    private long _claimed;
    private long _claimEnd;
    private int _inFlight;
    private int _pingsInFlight;
    private int _epoll = -1;
    private bool _starved;

    private struct Slot
    {
        public int Fd;
        public int Generation;
        public long Index;
        public long Started;
        public int Attempt;
        public int Target;

        /// <summary>A timing ping, not a probe: its outcome is the host's timing, never a result.</summary>
        public bool Ping;
    }

    public void Run()
    {
        Exception? error = null;
        var events = (byte*)NativeMemory.Alloc(MaxEvents, (nuint)Libc.EpollEventSize);
        try
        {
            _epoll = Libc.epoll_create1(Libc.EPOLL_CLOEXEC);
            if (_epoll < 0)
            {
                throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
            }

            Loop(events);
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            CloseInFlight();
            if (_epoll >= 0)
            {
                Libc.close(_epoll);
            }

            NativeMemory.Free(events);
            run.WorkerDone(error);
        }
    }

    private void Loop(byte* events)
    {
        while (!run.Stopped)
        {
            var more = Fill();
            // Timing pings left alone are not worth waiting for: they are closed when the worker ends.
            if (_inFlight == _pingsInFlight && !more)
            {
                break;
            }

            // Work left and room in the window: only look at completions, do not wait for them.
            var waitMs = more && _free.Count > 0 && !_starved ? 0 : _inFlight == 0 ? 1 : WaitMs();
            if (waitMs > 0)
            {
                Flush();
            }

            var count = Libc.epoll_wait(_epoll, events, MaxEvents, waitMs);
            if (count < 0 && Marshal.GetLastPInvokeError() != Libc.EINTR)
            {
                throw new InvalidOperationException($"epoll_wait failed: errno {Marshal.GetLastPInvokeError()}");
            }

            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var data = *(ulong*)(events + (i * Libc.EpollEventSize) + Libc.EpollDataOffset);
                Complete((int)(data & 0xffffffff), (int)(data >> 32), now);
            }

            Expire(now);
        }

        if (!run.Stopped)
        {
            Flush();
        }
    }

    /// <summary>
    /// Starts up to <see cref="StartsPerRound"/> connects while the window has room; false when this
    /// worker has no probe left to start. Refusals on loopback complete at once and take no slot, so
    /// without the per-round bound a whole range would be started before an open port's completion is read.
    /// A full host window, scan share or socket budget puts the probe back and waits for completions.
    /// </summary>
    private bool Fill()
    {
        _starved = false;
        for (var started = 0; _free.Count > 0; started++)
        {
            if (started == StartsPerRound)
            {
                return true;
            }

            if (!TryNext(out var next))
            {
                return false;
            }

            MaybePing(TargetOf(next.Index));
            var host = run.Hosts[TargetOf(next.Index)];
            if (!host.TryStart())
            {
                _pending.Push(next);
                _starved = true;
                return true;
            }

            if (!run.TryTakeSocket())
            {
                host.Abandoned();
                _pending.Push(next);
                _starved = true;
                return true;
            }

            if (!Start(next.Index, next.Attempt))
            {
                _pending.Push(next);
                _starved = true;
                return true;
            }
        }

        return true;
    }

    private bool TryNext(out (long Index, int Attempt) next)
    {
        if (_pending.TryPop(out next))
        {
            return true;
        }

        if (_claimed >= _claimEnd && !run.TryClaim(out _claimed, out _claimEnd))
        {
            return false;
        }

        next = (_claimed++, 1);
        return true;
    }

    private int TargetOf(long index) => (int)(index / run.Plan.Ports.Count);

    /// <summary>
    /// Starts one connect, its host window and socket already taken; false when the system is out of
    /// descriptors or ports and it should be tried again later (then both are given back).
    /// </summary>
    private bool Start(long index, int attempt)
    {
        var targetIndex = TargetOf(index);
        var host = run.Hosts[targetIndex];
        var port = run.Plan.PortAt(index);
        var started = Stopwatch.GetTimestamp();
        var family = run.AddressLengths[targetIndex] == 16 ? Libc.AF_INET : Libc.AF_INET6;
        var fd = Libc.socket(family, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            return Refuse(targetIndex, port, Marshal.GetLastPInvokeError(), started, attempt);
        }

        var address = stackalloc byte[SocketAddress.MaxLength];
        var span = new Span<byte>(address, SocketAddress.MaxLength);
        run.Addresses[targetIndex].CopyTo(span);
        SocketAddress.SetPort(span, port);
        if (Libc.connect(fd, address, run.AddressLengths[targetIndex]) == 0)
        {
            var now = Stopwatch.GetTimestamp();
            host.Answered(now - started, attempt, now);
            host.Responsive(port, refused: false);
            Report(Connected(fd, index, started, now, attempt));
            CloseConnected(fd);
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno != Libc.EINPROGRESS)
        {
            Libc.close(fd);
            return Refuse(targetIndex, port, errno, started, attempt);
        }

        // On loopback and veth the kernel has usually handled the SYN before connect() returns: a
        // refusal is already in SO_ERROR, and asking now saves registering with epoll and waiting.
        var pending = PendingError(fd);
        if (pending != 0)
        {
            Libc.close(fd);
            Finish(targetIndex, port, pending, started, Stopwatch.GetTimestamp(), attempt, fromNetwork: true);
            return true;
        }

        errno = Register(fd, index, targetIndex, started, attempt, ping: false);
        return errno == 0 || Refuse(targetIndex, port, errno, started, attempt);
    }

    /// <summary>Gives a connect in progress a slot, epoll's attention and a deadline; the errno of epoll_ctl if it failed (the socket is then closed).</summary>
    private int Register(int fd, long index, int targetIndex, long started, int attempt, bool ping)
    {
        var slot = _free.Pop();
        ref var s = ref _slots[slot];
        s.Fd = fd;
        s.Index = index;
        s.Started = started;
        s.Attempt = attempt;
        s.Target = targetIndex;
        var epollEvent = stackalloc byte[16];
        *(uint*)epollEvent = Libc.EPOLLOUT;
        *(ulong*)(epollEvent + Libc.EpollDataOffset) = (uint)slot | ((ulong)(uint)s.Generation << 32);
        if (Libc.epoll_ctl(_epoll, Libc.EPOLL_CTL_ADD, fd, epollEvent) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.close(fd);
            Release(slot);
            return errno;
        }

        s.Ping = ping;
        _inFlight++;
        _pingsInFlight += ping ? 1 : 0;
        _deadlines.Enqueue((slot, s.Generation));
        return 0;
    }

    /// <summary>A connect that failed at once: out of resources (give back, try again later) or a real outcome (report it).</summary>
    private bool Refuse(int targetIndex, int port, int errno, long started, int attempt)
    {
        run.ReturnSocket();
        if (_inFlight > 0 && errno is Libc.EMFILE or Libc.ENFILE or Libc.ENOBUFS or Libc.ENOMEM or Libc.EADDRNOTAVAIL or Libc.EAGAIN)
        {
            run.Hosts[targetIndex].Abandoned();
            return false;
        }

        Finish(targetIndex, port, errno, started, Stopwatch.GetTimestamp(), attempt, socketReturned: true);
        return true;
    }
}
