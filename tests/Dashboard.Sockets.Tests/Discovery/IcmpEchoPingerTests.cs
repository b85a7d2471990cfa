using System.Net;
using System.Net.Sockets;
using Dashboard.Sockets.Discovery;

namespace Dashboard.Sockets.Tests.Discovery;

public sealed class IcmpEchoPingerTests(LanNamespace lan) : IClassFixture<LanNamespace>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<List<EchoReply>> PingAsync(IcmpEchoPinger pinger, IPAddress[] addresses)
    {
        var replies = new List<EchoReply>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(1_500);
        await pinger.RunAsync(addresses, 500, r =>
        {
            lock (replies)
            {
                replies.Add(r);
            }
        }, timeout.Token);
        return replies;
    }

    [Fact]
    public void Ping_WhereGroupRangeAllows_UsesAPingSocketWithoutPrivileges()
    {
        var pinger = new IcmpEchoPinger(allowRaw: false);
        // The namespace's ping_group_range admits every group: the socket is made in there, then used from here.
        var (socket, raw) = lan.Inside(() => pinger.Open(AddressFamily.InterNetwork)) ?? throw new InvalidOperationException("no ping socket");
        socket.Dispose();

        Assert.False(raw);
    }

    [Fact]
    public async Task Ping_LiveHosts_ReplyOnceEach_AbsentOneDoesNot()
    {
        var replies = await PingAsync(new IcmpEchoPinger(allowRaw: true), [IPAddress.Loopback, lan.Silent, lan.Live, lan.Absent(2)]);

        Assert.Equal(new[] { IPAddress.Loopback, lan.Live, lan.Silent }.Select(a => a.ToString()).Order(), replies.Select(r => r.Address.ToString()).Order());
        Assert.All(replies, r => Assert.InRange(r.RttMs, 0, 1_000));
    }
}
