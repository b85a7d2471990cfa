using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// ICMP echo to many addresses from one socket per address family: a Linux ping socket
/// (<c>SOCK_DGRAM</c>/<c>IPPROTO_ICMP</c>, unprivileged where <c>net.ipv4.ping_group_range</c> allows the
/// process's group), else a raw socket when the process has CAP_NET_RAW and raw sockets are allowed.
/// Requests are repeated for addresses that have not answered, every <c>intervalMs</c>.
/// </summary>
internal sealed class IcmpEchoPinger(bool allowRaw)
{
    private static int s_identifier = Environment.ProcessId;

    /// <summary>Echo replies as they come, until every address answered or <paramref name="cancellationToken"/> ends it. Nothing when no ICMP socket can be had.</summary>
    public async Task RunAsync(IReadOnlyList<IPAddress> addresses, int intervalMs, Action<EchoReply> onReply, CancellationToken cancellationToken)
    {
        var families = addresses.GroupBy(a => a.AddressFamily).ToList();
        await Task.WhenAll(families.Select(f => RunFamilyAsync(f.Key, f.ToList(), intervalMs, onReply, cancellationToken)));
    }

    /// <summary>Opens an ICMP echo socket for the family; null when neither a ping socket nor a raw one is allowed.</summary>
    public (Socket Socket, bool Raw)? Open(AddressFamily family)
    {
        var protocol = family == AddressFamily.InterNetwork ? ProtocolType.Icmp : ProtocolType.IcmpV6;
        try
        {
            return (new Socket(family, SocketType.Dgram, protocol), false);
        }
        catch (SocketException) when (allowRaw)
        {
            try
            {
                return (new Socket(family, SocketType.Raw, protocol), true);
            }
            catch (SocketException)
            {
                return null;
            }
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private async Task RunFamilyAsync(AddressFamily family, List<IPAddress> addresses, int intervalMs, Action<EchoReply> onReply,
        CancellationToken cancellationToken)
    {
        if (Open(family) is not var (socket, raw))
        {
            return;
        }

        using var _ = socket;
        var v4 = family == AddressFamily.InterNetwork;
        // .NET receives only on a bound socket; for a ping socket the kernel picks the identifier at bind.
        socket.Bind(new IPEndPoint(v4 ? IPAddress.Any : IPAddress.IPv6Any, 0));
        var identifier = (ushort)Interlocked.Increment(ref s_identifier);
        var waiting = new ConcurrentDictionary<IPAddress, long>(addresses.Select(a => KeyValuePair.Create(a, 0L)));
        var detail = raw ? "raw socket" : "ping socket";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = ReceiveAsync(socket, v4, raw, identifier, waiting, detail, onReply, stop.Token);
        try
        {
            for (ushort sequence = 1; !waiting.IsEmpty && !cancellationToken.IsCancellationRequested; sequence++)
            {
                foreach (var address in waiting.Keys)
                {
                    await SendAsync(socket, address, v4, identifier, sequence, waiting, cancellationToken);
                }

                await Task.WhenAny(receiving, Task.Delay(intervalMs, cancellationToken));
                if (receiving.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await stop.CancelAsync();
            await receiving;
        }
    }

    private static async Task SendAsync(Socket socket, IPAddress address, bool v4, ushort identifier, ushort sequence,
        ConcurrentDictionary<IPAddress, long> waiting, CancellationToken cancellationToken)
    {
        var packet = new byte[16];
        packet[0] = v4 ? (byte)8 : (byte)128;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), sequence);
        if (v4)
        {
            // A ping socket fills in the checksum itself, a raw IPv4 one does not; ICMPv6's is always the kernel's.
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
        }

        waiting[address] = Stopwatch.GetTimestamp();
        try
        {
            await socket.SendToAsync(packet, SocketFlags.None, new IPEndPoint(address, 0), cancellationToken);
        }
        catch (SocketException)
        {
            // Unreachable at once (no route): other methods report why; ICMP only ever proves a host up.
        }
    }

    private static async Task ReceiveAsync(Socket socket, bool v4, bool raw, ushort identifier, ConcurrentDictionary<IPAddress, long> waiting,
        string detail, Action<EchoReply> onReply, CancellationToken cancellationToken)
    {
        var buffer = new byte[1_500];
        EndPoint any = new IPEndPoint(v4 ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!cancellationToken.IsCancellationRequested && !waiting.IsEmpty)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            // A raw IPv4 socket hands over the IP header too; ping sockets and ICMPv6 start at the ICMP header.
            var offset = v4 && raw ? (buffer[0] & 0x0f) * 4 : 0;
            var icmp = buffer.AsSpan(offset, Math.Max(0, received.ReceivedBytes - offset));
            var replyType = v4 ? 0 : 129;
            // Ping sockets rewrite the identifier to their own and deliver only their replies; raw sockets see every reply.
            if (icmp.Length < 8 || icmp[0] != replyType || (raw && BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) != identifier))
            {
                continue;
            }

            var from = TargetsOf(((IPEndPoint)received.RemoteEndPoint).Address);
            if (waiting.TryRemove(from, out var sent))
            {
                onReply(new EchoReply(from, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, detail));
            }
        }
    }

    private static IPAddress TargetsOf(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
