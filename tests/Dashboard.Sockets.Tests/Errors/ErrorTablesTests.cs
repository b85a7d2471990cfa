using System.Net.Sockets;
using Dashboard.Sockets.Errors;

namespace Dashboard.Sockets.Tests.Errors;

public sealed class ErrorTablesTests
{
    [Theory]
    [InlineData(10061, "WSAECONNREFUSED")]
    [InlineData(10060, "WSAETIMEDOUT")]
    [InlineData(10054, "WSAECONNRESET")]
    [InlineData(10048, "WSAEADDRINUSE")]
    [InlineData(10042, "WSAENOPROTOOPT")]
    [InlineData(11001, "WSAHOST_NOT_FOUND")]
    [InlineData(995, "WSA_OPERATION_ABORTED")]
    public void WindowsTable_WellKnownCode_HasItsWsaName(int code, string name) =>
        Assert.Equal(name, WindowsSocketErrors.Names[code]);

    [Fact]
    public void WindowsTable_NamesEverySocketError()
    {
        // SocketError's values are Windows' own codes, so each one that is an error has a WSA name.
        var errors = Enum.GetValues<SocketError>().Where(e => e is not (SocketError.Success or SocketError.SocketError));

        Assert.All(errors, e => Assert.StartsWith("WSA", WindowsSocketErrors.Names[(int)e], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(61, "ECONNREFUSED")]
    [InlineData(60, "ETIMEDOUT")]
    [InlineData(65, "EHOSTUNREACH")]
    [InlineData(51, "ENETUNREACH")]
    [InlineData(35, "EAGAIN")]
    [InlineData(89, "ECANCELED")]
    public void MacOSTable_NumberTheEngineReports_HasItsName(int errno, string name) =>
        Assert.Equal(name, BsdErrno.MacOS[errno]);

    [Theory]
    [InlineData(61, "ECONNREFUSED")]
    [InlineData(60, "ETIMEDOUT")]
    [InlineData(85, "ECANCELED")]
    [InlineData(89, "EBADMSG")]
    public void FreeBsdTable_NumberTheEngineReports_HasItsName(int errno, string name) =>
        Assert.Equal(name, BsdErrno.FreeBsd[errno]);
}
