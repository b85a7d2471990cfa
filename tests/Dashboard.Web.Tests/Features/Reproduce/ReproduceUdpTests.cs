using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dashboard.Contracts;
using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Udp;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>
/// A UDP send's commands, run through sh against the same loopback port: an echo peer (the bytes come back exactly,
/// NUL and quotes included), a silent one, and a closed port (ICMP port unreachable).
/// </summary>
public sealed class ReproduceUdpTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Bytes a shell or printf would act on: NUL, quotes, a backslash, a format, a command substitution, a newline, 0xFF.</summary>
    private static readonly byte[] Hostile = [0x00, .. "'\"\\%s$(id)`id`;\n"u8.ToArray(), 0xff, 0x41];

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task EchoPeer_EveryCommand_GetsTheSameBytesBack(string address)
    {
        using var echo = new UdpPeer(IPAddress.Parse(address), echo: true);
        var (result, commands) = await SendAsync(address, echo.Port);
        Assert.Equal(UdpState.Replied, result.State);

        foreach (var command in commands.Commands)
        {
            var output = await ShellRun.RunAsync("sh", command.Line, TimeSpan.FromSeconds(30), Token);
            if (command.Tool == "python3")
            {
                Assert.StartsWith("replied b", output.All, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(Hostile.SequenceEqual(output.Stdout), $"{command.Line}\nprinted: {Convert.ToHexString(output.Stdout)}");
            }
        }

        Assert.All(echo.Received, datagram => Assert.Equal(Hostile, datagram));
        Assert.Equal(1 + commands.Commands.Count, echo.Received.Count);
    }

    [Fact]
    public async Task SilentPeer_EveryCommand_SaysNothingCameBack()
    {
        using var silent = new UdpPeer(IPAddress.Loopback, echo: false);
        var (result, commands) = await SendAsync("127.0.0.1", silent.Port);
        Assert.Equal(UdpState.NoReply, result.State);

        foreach (var command in commands.Commands)
        {
            var output = await ShellRun.RunAsync("sh", command.Line, TimeSpan.FromSeconds(30), Token);
            Assert.True(command.Tool == "python3" ? output.All.Trim() == "no-reply" : output.Stdout.Length == 0 && !output.All.Contains("refused", StringComparison.Ordinal),
                $"{command.Line}\nsaid: {output.All}");
        }
    }

    [Fact]
    public async Task ClosedPort_Python3AndNcat_SayRefused_AsTheSend()
    {
        var port = UdpPeer.FreePort(IPAddress.Loopback);
        var (result, commands) = await SendAsync("127.0.0.1", port);
        Assert.Equal((UdpState.Refused, "ECONNREFUSED"), (result.State, result.CodeName));

        var python = await ShellRun.RunAsync("sh", commands.Commands.Single(c => c.Tool == "python3").Line, TimeSpan.FromSeconds(30), Token);
        var ncat = await ShellRun.RunAsync("sh", commands.Commands.Single(c => c.Tool == "ncat").Line, TimeSpan.FromSeconds(30), Token);

        Assert.Equal($"refused {result.CodeName}", python.All.Trim());
        Assert.Contains("Connection refused.", ncat.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_ArePosixAndQuoteThePayloadAsEscapes()
    {
        var commands = Dashboard.Web.Features.Reproduce.UdpCommands.For(
            new UdpSendRequest("127.0.0.1", 9, "'$(x)", PayloadEncoding.Text), Result("127.0.0.1", 9), 1000);

        Assert.Equal("printf '\\047$(x)' | nc -u -w 1 '127.0.0.1' 9", commands.Commands.Single(c => c.Tool == "nc").Line);
    }

    private static UdpSendResult Result(string address, int port) =>
        new(address, address, port, UdpState.NoReply, 0, "OK", "", 1, 1, null, [], 0, DateTimeOffset.UnixEpoch);

    private async Task<(UdpSendResult Result, ReproduceCommands Commands)> SendAsync(string address, int port)
    {
        using var http = ApiClient.For(host);
        using var response = await http.PostAsync("api/udp",
            new UdpSendRequest(address, port, Convert.ToBase64String(Hostile), PayloadEncoding.Base64, WaitReplyMs: 1000), Token);
        var result = await response.Content.ReadFromJsonAsync<UdpSendResult>(Token);
        Assert.True(result?.Id is not null, await response.Content.ReadAsStringAsync(Token));
        var commands = await http.GetFromJsonAsync<ReproduceCommands>(new Uri($"api/history/{result.Id}/commands", UriKind.Relative), Token);
        Assert.All(commands!.Commands, c => Assert.Equal(CommandShell.Posix, c.Shell));
        return (result, commands);
    }
}
