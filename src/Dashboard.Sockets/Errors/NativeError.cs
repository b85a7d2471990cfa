using System.Net.Sockets;

namespace Dashboard.Sockets.Errors;

/// <summary>
/// An OS error as <c>connect_ex</c> reports it: the platform's native code and its POSIX name.
/// </summary>
/// <param name="Code">Linux errno, the Windows WSA code or the BSD errno, as the platform gives it.</param>
/// <param name="Name">The POSIX name (<c>ECONNREFUSED</c>), or <c>OK</c> for 0.</param>
/// <param name="SocketError">The .NET <see cref="System.Net.Sockets.SocketError"/> it corresponds to.</param>
public readonly record struct NativeError(int Code, string Name, SocketError SocketError)
{
    /// <summary>The .NET name of <see cref="SocketError"/>, made once per value rather than per result.</summary>
    public string SocketErrorName => SocketErrorNames.GetOrAdd(SocketError, static e => e.ToString());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<SocketError, string> SocketErrorNames = new();

    /// <summary>No error: the connect succeeded.</summary>
    public static NativeError Ok { get; } = new(0, "OK", SocketError.Success);

    /// <summary>The error a socket exception carries; <c>NativeErrorCode</c> is the raw errno on Unix.</summary>
    public static NativeError From(SocketException exception) =>
        new(exception.NativeErrorCode, PosixName(exception.SocketErrorCode), exception.SocketErrorCode);

    /// <summary>A Linux errno as a raw syscall returned it.</summary>
    public static NativeError FromLinuxErrno(int errno)
    {
        var error = errno switch
        {
            111 => SocketError.ConnectionRefused,
            110 => SocketError.TimedOut,
            113 => SocketError.HostUnreachable,
            101 => SocketError.NetworkUnreachable,
            100 => SocketError.NetworkDown,
            112 => SocketError.HostDown,
            104 => SocketError.ConnectionReset,
            103 => SocketError.ConnectionAborted,
            1 or 13 => SocketError.AccessDenied,
            98 => SocketError.AddressAlreadyInUse,
            99 => SocketError.AddressNotAvailable,
            97 => SocketError.AddressFamilyNotSupported,
            105 or 12 => SocketError.NoBufferSpaceAvailable,
            24 or 23 => SocketError.TooManyOpenSockets,
            22 => SocketError.InvalidArgument,
            _ => SocketError.SocketError,
        };
        var name = errno switch
        {
            1 => "EPERM",
            12 => "ENOMEM",
            23 => "ENFILE",
            _ when error == SocketError.SocketError => $"errno {errno}",
            _ => PosixName(error),
        };
        return new NativeError(errno, name, error);
    }

    /// <summary>The error for an outcome the engine decides itself (a timeout it enforced, a name it refused).</summary>
    public static NativeError Of(SocketError error) => new(PlatformCode(error), PosixName(error), error);

    /// <summary>The POSIX name of a .NET socket error.</summary>
    public static string PosixName(SocketError error) => error switch
    {
        SocketError.Success => "OK",
        SocketError.ConnectionRefused => "ECONNREFUSED",
        SocketError.TimedOut => "ETIMEDOUT",
        SocketError.HostUnreachable => "EHOSTUNREACH",
        SocketError.NetworkUnreachable => "ENETUNREACH",
        SocketError.NetworkDown => "ENETDOWN",
        SocketError.HostDown => "EHOSTDOWN",
        SocketError.ConnectionReset => "ECONNRESET",
        SocketError.ConnectionAborted => "ECONNABORTED",
        SocketError.AccessDenied => "EACCES",
        SocketError.AddressAlreadyInUse => "EADDRINUSE",
        SocketError.AddressNotAvailable => "EADDRNOTAVAIL",
        SocketError.AddressFamilyNotSupported => "EAFNOSUPPORT",
        SocketError.ProtocolNotSupported => "EPROTONOSUPPORT",
        SocketError.NoBufferSpaceAvailable => "ENOBUFS",
        SocketError.TooManyOpenSockets => "EMFILE",
        SocketError.InvalidArgument => "EINVAL",
        SocketError.OperationAborted => "ECANCELED",
        SocketError.InProgress => "EINPROGRESS",
        SocketError.IsConnected => "EISCONN",
        SocketError.MessageSize => "EMSGSIZE",
        SocketError.Interrupted => "EINTR",
        SocketError.HostNotFound => "EAI_NONAME",
        SocketError.TryAgain => "EAI_AGAIN",
        SocketError.NoData => "EAI_NODATA",
        SocketError.NoRecovery => "EAI_FAIL",
        _ => error.ToString(),
    };

    // The codes the engine reports for outcomes it decides itself, as the platform's own API would.
    private static int PlatformCode(SocketError error)
    {
        if (OperatingSystem.IsWindows())
        {
            return (int)error;
        }

        var bsd = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();
        return error switch
        {
            SocketError.ConnectionRefused => bsd ? 61 : 111,
            SocketError.TimedOut => bsd ? 60 : 110,
            SocketError.HostUnreachable => bsd ? 65 : 113,
            SocketError.NetworkUnreachable => bsd ? 51 : 101,
            SocketError.OperationAborted => bsd ? 89 : 125,
            // getaddrinfo's codes (glibc is negative; BSD positive).
            SocketError.HostNotFound => bsd ? 8 : -2,
            SocketError.TryAgain => bsd ? 2 : -3,
            SocketError.NoData => bsd ? 7 : -5,
            SocketError.NoRecovery => bsd ? 4 : -4,
            _ => (int)error,
        };
    }
}
