using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Sockets.Scanning.Linux;

/// <summary><c>sockaddr_in</c> / <c>sockaddr_in6</c> bytes, built once per target; the port is set per connect.</summary>
internal static class SocketAddress
{
    public const int MaxLength = 28;

    /// <summary>Writes the address with port 0 into <paramref name="buffer"/>; returns its length.</summary>
    public static int Write(IPAddress address, Span<byte> buffer)
    {
        buffer[..MaxLength].Clear();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, Libc.AF_INET);
            address.TryWriteBytes(buffer[4..8], out _);
            return 16;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(buffer, Libc.AF_INET6);
        address.TryWriteBytes(buffer[8..24], out _);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[24..28], (uint)address.ScopeId);
        return 28;
    }

    public static void SetPort(Span<byte> buffer, int port) => BinaryPrimitives.WriteUInt16BigEndian(buffer[2..4], (ushort)port);

    /// <summary>Reads what <c>getsockname</c> wrote.</summary>
    public static IPEndPoint? Read(ReadOnlySpan<byte> buffer)
    {
        var port = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..4]);
        return BinaryPrimitives.ReadUInt16LittleEndian(buffer) switch
        {
            Libc.AF_INET => new IPEndPoint(new IPAddress(buffer[4..8]), port),
            Libc.AF_INET6 => new IPEndPoint(new IPAddress(buffer[8..24], BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..28])), port),
            _ => null,
        };
    }
}
