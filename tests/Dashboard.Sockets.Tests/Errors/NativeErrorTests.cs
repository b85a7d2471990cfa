using System.Net;
using System.Net.Sockets;
using Dashboard.Sockets.Errors;

namespace Dashboard.Sockets.Tests.Errors;

public sealed class NativeErrorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SocketError.Success, 0, "OK")]
    [InlineData(SocketError.ConnectionRefused, 111, "ECONNREFUSED")]
    [InlineData(SocketError.TimedOut, 110, "ETIMEDOUT")]
    [InlineData(SocketError.HostUnreachable, 113, "EHOSTUNREACH")]
    [InlineData(SocketError.NetworkUnreachable, 101, "ENETUNREACH")]
    [InlineData(SocketError.ProtocolOption, 92, "ENOPROTOOPT")]
    [InlineData(SocketError.OperationAborted, 125, "ECANCELED")]
    [InlineData(SocketError.HostNotFound, -2, "EAI_NONAME")]
    [InlineData(SocketError.TryAgain, -3, "EAI_AGAIN")]
    public void Of_OnLinux_GivesErrnoAndPosixName(SocketError error, int code, string name)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "errno values are Linux's");

        var native = NativeError.Of(error);

        Assert.Equal((code, name, error), (native.Code, native.Name, native.SocketError));
    }

    [Fact]
    public void FromLinuxErrno_92_IsEnoprotoopt()
    {
        var native = NativeError.FromLinuxErrno(92);

        Assert.Equal((92, "ENOPROTOOPT"), (native.Code, native.Name));
    }

    [Theory]
    [InlineData(41)]
    [InlineData(4095)]
    public void FromLinuxErrno_NumberLinuxDoesNotUse_IsNamedByItsNumber(int errno)
    {
        var native = NativeError.FromLinuxErrno(errno);

        Assert.Equal((errno, $"errno {errno}", SocketError.SocketError), (native.Code, native.Name, native.SocketError));
    }

    [Fact]
    public void FromLinuxErrno_ForEveryErrorStatesAreDecidedBy_EqualsOf()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "errno values are Linux's");
        SocketError[] deciding =
        [
            SocketError.ConnectionRefused, SocketError.TimedOut, SocketError.HostUnreachable, SocketError.NetworkUnreachable,
            SocketError.NetworkDown, SocketError.HostDown, SocketError.ConnectionReset, SocketError.ConnectionAborted,
            SocketError.AccessDenied, SocketError.AddressAlreadyInUse, SocketError.AddressNotAvailable,
            SocketError.AddressFamilyNotSupported, SocketError.NoBufferSpaceAvailable, SocketError.TooManyOpenSockets,
            SocketError.InvalidArgument,
        ];

        // The epoll scanner names raw errnos; the other paths name what they decide. A row must not depend on which.
        Assert.All(deciding, error => Assert.Equal(NativeError.Of(error), NativeError.FromLinuxErrno(NativeError.Of(error).Code)));
    }

    [Fact]
    public void From_TheExceptionTheRuntimeMakesForAnError_EqualsOf()
    {
        var errors = Enum.GetValues<SocketError>().Distinct();

        Assert.All(errors, error => Assert.Equal(NativeError.Of(error), NativeError.From(new SocketException((int)error))));
    }

    [Fact]
    public void From_SetsockoptAtAnUnknownLevel_IsEnoprotoopt()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "errno values are Linux's");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        var e = Assert.Throws<SocketException>(() => socket.SetRawSocketOption(12345, 1, new byte[4]));
        var native = NativeError.From(e);

        Assert.Equal((92, "ENOPROTOOPT", SocketError.ProtocolOption), (native.Code, native.Name, native.SocketError));
    }

    [Theory]
    [MemberData(nameof(Engine.LoopbackAddresses), MemberType = typeof(Engine))]
    public async Task From_ConnectToAClosedLoopbackPort_IsConnectionRefused(string address)
    {
        var ip = IPAddress.Parse(address);
        using var closed = new ClosedPorts(ip, 1);
        using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

        var e = await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(new IPEndPoint(ip, closed.Ports[0]), Token));
        var native = NativeError.From(e);

        (int Code, string Name) expected = OperatingSystem.IsWindows() ? (10061, "WSAECONNREFUSED")
            : OperatingSystem.IsLinux() ? (111, "ECONNREFUSED")
            : (61, "ECONNREFUSED");
        Assert.Equal((expected.Code, expected.Name, SocketError.ConnectionRefused), (native.Code, native.Name, native.SocketError));
    }
}
