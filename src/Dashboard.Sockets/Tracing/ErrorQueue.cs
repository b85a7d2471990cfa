using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Dashboard.Sockets.Tracing;

/// <summary>One ICMP message the kernel queued on a socket (<c>struct sock_extended_err</c> and the offender).</summary>
/// <param name="Errno">The error it stands for (113 EHOSTUNREACH for time exceeded).</param>
/// <param name="IsIcmp6">True for ICMPv6 (origin <c>SO_EE_ORIGIN_ICMP6</c>).</param>
/// <param name="Type">The ICMP type.</param>
/// <param name="Code">The ICMP code.</param>
/// <param name="Offender">Who sent it: the router, or the target.</param>
internal readonly record struct IcmpReport(int Errno, bool IsIcmp6, int Type, int Code, IPAddress? Offender);

/// <summary>
/// Reads a socket's error queue (<c>recvmsg(MSG_ERRQUEUE)</c>), where the kernel puts the ICMP messages about the
/// socket's packets once <c>IP_RECVERR</c> / <c>IPV6_RECVERR</c> is on: no raw socket, so no privilege, as <c>tracepath</c>.
/// </summary>
internal static unsafe partial class ErrorQueue
{
    private const int SolIp = 0;
    private const int IpRecvErr = 11;
    private const int SolIpv6 = 41;
    private const int Ipv6RecvErr = 25;
    private const int MsgErrQueue = 0x2000;
    private const int MsgDontWait = 0x40;
    private const byte OriginIcmp = 2;
    private const byte OriginIcmp6 = 3;

    /// <summary>Turns the error queue on for <paramref name="socket"/>.</summary>
    public static void Enable(Socket socket)
    {
        Span<byte> on = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(on, 1);
        if (socket.AddressFamily == AddressFamily.InterNetwork)
        {
            socket.SetRawSocketOption(SolIp, IpRecvErr, on);
        }
        else
        {
            socket.SetRawSocketOption(SolIpv6, Ipv6RecvErr, on);
        }
    }

    /// <summary>The first ICMP report queued on <paramref name="socket"/>, or null when none is.</summary>
    public static IcmpReport? Read(Socket socket)
    {
        var control = stackalloc byte[512];
        var name = stackalloc byte[128];
        var data = stackalloc byte[64];
        var iov = new IoVector { Base = data, Length = 64 };
        var header = new MessageHeader
        {
            Name = name, NameLength = 128, Iov = &iov, IovLength = 1, Control = control, ControlLength = 512,
        };
        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        if (recvmsg(fd, &header, MsgErrQueue | MsgDontWait) < 0)
        {
            return null;
        }

        var offset = 0;
        var length = (int)header.ControlLength;
        var cmsgHeader = sizeof(nuint) + 8;
        while (offset + cmsgHeader <= length)
        {
            var cmsgLength = (int)*(nuint*)(control + offset);
            var level = *(int*)(control + offset + sizeof(nuint));
            var type = *(int*)(control + offset + sizeof(nuint) + 4);
            if (cmsgLength < cmsgHeader)
            {
                return null;
            }

            if ((level == SolIp && type == IpRecvErr) || (level == SolIpv6 && type == Ipv6RecvErr))
            {
                return Parse(new ReadOnlySpan<byte>(control + offset + cmsgHeader, cmsgLength - cmsgHeader));
            }

            offset += (cmsgLength + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);
        }

        return null;
    }

    private static IcmpReport? Parse(ReadOnlySpan<byte> error)
    {
        if (error.Length < 16)
        {
            return null;
        }

        var origin = error[4];
        if (origin is not (OriginIcmp or OriginIcmp6))
        {
            return null;
        }

        var offender = error[16..];
        IPAddress? address = null;
        if (offender.Length >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(offender) == 2)
        {
            address = new IPAddress(offender[4..8]);
        }
        else if (offender.Length >= 24 && BinaryPrimitives.ReadUInt16LittleEndian(offender) == 10)
        {
            address = new IPAddress(offender[8..24]);
        }

        return new IcmpReport((int)BinaryPrimitives.ReadUInt32LittleEndian(error), origin == OriginIcmp6, error[5], error[6], address);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recvmsg(int fd, MessageHeader* message, int flags);
}
