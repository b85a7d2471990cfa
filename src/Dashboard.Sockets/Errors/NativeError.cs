using System.Collections.Frozen;
using System.Net.Sockets;

namespace Dashboard.Sockets.Errors;

/// <summary>
/// An OS error as <c>connect_ex</c> reports it: the platform's native code and the name the platform gives it.
/// </summary>
/// <param name="Code">Linux errno, the Windows WSA code or the BSD errno, as the platform gives it; getaddrinfo's
/// code for a name that did not resolve.</param>
/// <param name="Name">The name of <paramref name="Code"/> in the platform's table: <c>ECONNREFUSED</c> on Linux,
/// macOS and FreeBSD, <c>WSAECONNREFUSED</c> on Windows, <c>EAI_NONAME</c> for a name that did not resolve on Unix;
/// <c>OK</c> for 0.</param>
/// <param name="SocketError">The .NET <see cref="System.Net.Sockets.SocketError"/> it corresponds to.</param>
public readonly record struct NativeError(int Code, string Name, SocketError SocketError)
{
    // The table of the platform this process runs on; first, as the fields below are made from it.
    private static readonly FrozenDictionary<int, string> PlatformNames =
        OperatingSystem.IsWindows() ? WindowsSocketErrors.Names
        : OperatingSystem.IsMacOS() ? BsdErrno.MacOS
        : OperatingSystem.IsFreeBSD() ? BsdErrno.FreeBsd
        : LinuxErrno.Names;

    // Made once for every SocketError, as scans ask for refused and timed out once per port.
    private static readonly FrozenDictionary<SocketError, NativeError> Decided =
        Enum.GetValues<SocketError>().Distinct().ToFrozenDictionary(e => e, Decide);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<SocketError, string> SocketErrorNames = new();

    /// <summary>The .NET name of <see cref="SocketError"/>, made once per value rather than per result.</summary>
    public string SocketErrorName => SocketErrorNames.GetOrAdd(SocketError, static e => e.ToString());

    /// <summary>No error: the connect succeeded.</summary>
    public static NativeError Ok { get; } = new(0, "OK", SocketError.Success);

    /// <summary>The error a socket exception carries: <c>NativeErrorCode</c> (the raw errno on Unix) named from this platform's table.</summary>
    public static NativeError From(SocketException exception) =>
        IsResolverError(exception.SocketErrorCode)
            // The runtime keeps no getaddrinfo code on Unix (it reports a placeholder), so report it as Of does.
            ? Of(exception.SocketErrorCode)
            : new(exception.NativeErrorCode, Named(PlatformNames, exception.NativeErrorCode), exception.SocketErrorCode);

    /// <summary>A Linux errno as a raw syscall returned it, named from the Linux table.</summary>
    public static NativeError FromLinuxErrno(int errno) => new(errno, Named(LinuxErrno.Names, errno), LinuxSocketError(errno));

    /// <summary>The error for an outcome the engine decides itself (a timeout it enforced, a name it refused),
    /// with the code and name this platform's own API would give.</summary>
    public static NativeError Of(SocketError error) => Decided.TryGetValue(error, out var known) ? known : Decide(error);

    /// <summary>The name this platform gives a .NET socket error: the errno's on Linux, macOS and FreeBSD
    /// (getaddrinfo's for a name that did not resolve), the WSA name on Windows.</summary>
    public static string PosixName(SocketError error) => Of(error).Name;

    private static NativeError Decide(SocketError error)
    {
        if (!OperatingSystem.IsWindows() && ResolverError(error) is { } resolver)
        {
            return new NativeError(resolver.Code, resolver.Name, error);
        }

        // The runtime knows each platform's number for a SocketError (the errno on Unix, the WSA code on
        // Windows); asking it keeps macOS and FreeBSD right without a second table of our own.
        var code = new SocketException((int)error).NativeErrorCode;
        return new NativeError(code, Named(PlatformNames, code), error);
    }

    // A code the table lacks is shown as its number, so the row still says what the OS returned.
    private static string Named(FrozenDictionary<int, string> names, int code) =>
        code == 0 ? "OK"
        : names.TryGetValue(code, out var name) ? name
        : names == WindowsSocketErrors.Names ? $"error {code}"
        : $"errno {code}";

    private static bool IsResolverError(SocketError error) =>
        error is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData or SocketError.NoRecovery;

    // getaddrinfo's codes: negative in glibc, positive on the BSDs. Windows has WSA codes for these instead.
    private static (int Code, string Name)? ResolverError(SocketError error)
    {
        var bsd = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();
        return error switch
        {
            SocketError.HostNotFound => (bsd ? 8 : -2, "EAI_NONAME"),
            SocketError.TryAgain => (bsd ? 2 : -3, "EAI_AGAIN"),
            SocketError.NoData => (bsd ? 7 : -5, "EAI_NODATA"),
            SocketError.NoRecovery => (bsd ? 4 : -4, "EAI_FAIL"),
            _ => null,
        };
    }

    // The states the engine decides by (closed, filtered, unreachable) and the errors it explains; the rest
    // keep their name and code but no .NET counterpart.
    private static SocketError LinuxSocketError(int errno) => errno switch
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
}
