using System.Net.Sockets;
using Dashboard.Sockets.Errors;

namespace Dashboard.Sockets.Tests.Probing;

public sealed class NativeErrorTests
{
    [Theory]
    [InlineData(SocketError.ConnectionRefused, 111, "ECONNREFUSED")]
    [InlineData(SocketError.TimedOut, 110, "ETIMEDOUT")]
    [InlineData(SocketError.HostUnreachable, 113, "EHOSTUNREACH")]
    [InlineData(SocketError.NetworkUnreachable, 101, "ENETUNREACH")]
    [InlineData(SocketError.HostNotFound, -2, "EAI_NONAME")]
    public void Of_OnLinux_GivesErrnoAndPosixName(SocketError error, int code, string name)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "errno values are Linux's");

        var native = NativeError.Of(error);

        Assert.Equal((code, name), (native.Code, native.Name));
    }
}
