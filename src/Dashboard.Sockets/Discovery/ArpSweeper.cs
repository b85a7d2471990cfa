using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// ARP requests to the addresses of one local subnet from a packet socket (needs CAP_NET_RAW): a
/// reply proves a host up; no reply to <c>tries</c> requests proves nothing there has the address,
/// as the kernel's own neighbour resolution would conclude, only sooner. Runs on its own thread
/// (a packet socket is not a .NET socket), for the few hundred milliseconds a sweep takes.
/// </summary>
internal static unsafe partial class ArpSweeper
{
    private const int AF_PACKET = 17;
    private const int SOCK_DGRAM = 2;
    private const int SOCK_NONBLOCK = 0x800;
    private const int SOCK_CLOEXEC = 0x80000;
    private const ushort ETH_P_ARP = 0x0806;
    private const short POLLIN = 1;

    /// <summary>Whether this process may open packet sockets (CAP_NET_RAW).</summary>
    public static bool Allowed()
    {
        var fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, BinaryPrimitives.ReverseEndianness(ETH_P_ARP));
        if (fd < 0)
        {
            return false;
        }

        close(fd);
        return true;
    }

    /// <summary>
    /// Sweeps <paramref name="targets"/> (all on <paramref name="subnet"/>); reports each reply as it comes and
    /// returns the addresses that never answered. Throws <see cref="InvalidOperationException"/> when the socket cannot be opened.
    /// </summary>
    public static List<IPAddress> Sweep(LocalSubnet subnet, IReadOnlyList<IPAddress> targets, int tries, int intervalMs,
        Action<EchoReply> onReply, CancellationToken cancellationToken)
    {
        var fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, BinaryPrimitives.ReverseEndianness(ETH_P_ARP));
        if (fd < 0)
        {
            throw new InvalidOperationException($"packet socket: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            var link = new byte[20];
            Link(link, subnet.InterfaceIndex, broadcast: false);
            fixed (byte* l = link)
            {
                if (bind(fd, l, link.Length) != 0)
                {
                    throw new InvalidOperationException($"packet socket bind to {subnet.InterfaceName}: errno {Marshal.GetLastPInvokeError()}");
                }
            }

            var waiting = new Dictionary<IPAddress, long>(targets.Count);
            foreach (var target in targets)
            {
                waiting.TryAdd(target, 0);
            }

            var asking = new List<IPAddress>(targets.Count);
            for (var attempt = 0; attempt < tries && waiting.Count > 0 && !cancellationToken.IsCancellationRequested; attempt++)
            {
                asking.Clear();
                asking.AddRange(waiting.Keys);
                foreach (var target in asking)
                {
                    waiting[target] = Stopwatch.GetTimestamp();
                    Send(fd, subnet, target);
                }

                Receive(fd, waiting, Stopwatch.GetTimestamp() + (intervalMs * Stopwatch.Frequency / 1000), onReply, cancellationToken);
            }

            return [.. waiting.Keys];
        }
        finally
        {
            close(fd);
        }
    }

    private static void Send(int fd, LocalSubnet subnet, IPAddress target)
    {
        var arp = stackalloc byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(arp, 2), 1); // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(arp + 2, 2), 0x0800); // IPv4
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(new Span<byte>(arp + 6, 2), 1); // request
        subnet.Mac.CopyTo(new Span<byte>(arp + 8, 6));
        subnet.Local.TryWriteBytes(new Span<byte>(arp + 14, 4), out _);
        new Span<byte>(arp + 18, 6).Clear();
        target.TryWriteBytes(new Span<byte>(arp + 24, 4), out _);
        var link = stackalloc byte[20];
        Link(new Span<byte>(link, 20), subnet.InterfaceIndex, broadcast: true);
        sendto(fd, arp, 28, 0, link, 20);
    }

    private static void Receive(int fd, Dictionary<IPAddress, long> waiting, long until, Action<EchoReply> onReply, CancellationToken cancellationToken)
    {
        var buffer = stackalloc byte[64];
        var poll = stackalloc int[2];
        while (waiting.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            var leftMs = (int)((until - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency);
            if (leftMs <= 0)
            {
                return;
            }

            poll[0] = fd;
            poll[1] = POLLIN;
            if (Poll(poll, 1, Math.Min(leftMs, 20)) <= 0)
            {
                continue;
            }

            long length;
            while ((length = recv(fd, buffer, 64, 0)) >= 28)
            {
                if (BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(buffer + 6, 2)) != 2)
                {
                    continue;
                }

                var from = new IPAddress(new ReadOnlySpan<byte>(buffer + 14, 4));
                if (waiting.Remove(from, out var sent))
                {
                    var mac = Convert.ToHexString(new ReadOnlySpan<byte>(buffer + 8, 6)).ToLowerInvariant();
                    var text = string.Join(':', Enumerable.Range(0, 6).Select(i => mac.Substring(i * 2, 2)));
                    onReply(new EchoReply(from, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, $"ARP reply from {text}"));
                }
            }
        }
    }

    /// <summary><c>struct sockaddr_ll</c>: family, protocol, interface index, and for sending the broadcast address.</summary>
    private static void Link(Span<byte> link, int interfaceIndex, bool broadcast)
    {
        link.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(link, AF_PACKET);
        BinaryPrimitives.WriteUInt16BigEndian(link[2..], ETH_P_ARP);
        BinaryPrimitives.WriteInt32LittleEndian(link[4..], interfaceIndex);
        if (broadcast)
        {
            link[11] = 6;
            link.Slice(12, 6).Fill(0xff);
        }
    }

    private static int Poll(int* fds, int count, int timeoutMs) => poll(fds, (nuint)count, timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int bind(int fd, byte* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint sendto(int fd, byte* buffer, nuint length, int flags, byte* address, int addressLength);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(int* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
