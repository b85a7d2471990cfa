using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bunit;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Listeners;

/// <summary>What a listener turned away (connections past its share, replies the policy denies) is shown on its page and in the list.</summary>
public sealed class ListenerRefusalPagesTests() : DashboardUiContext(configure: s =>
{
    s.Configure<ListenerOptions>(o => o.MaxConnectionsPerListener = 1);
    s.Configure<PolicyOptions>(o => o.Preset = "strict");
})
{
    private ListenerManager Manager => Services.GetRequiredService<ListenerManager>();

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectionsPastTheShare_AreShownRefused()
    {
        var listener = Manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "127.0.0.1", 0), UserName);
        var clients = Enumerable.Range(0, 3).Select(_ => new TcpClient()).ToList();
        try
        {
            foreach (var client in clients)
            {
                try
                {
                    await client.ConnectAsync(IPEndPoint.Parse(listener.LocalEndPoint), Token);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    // Refused so fast that the reset came before the connect returned.
                }
            }

            await UntilAsync(() => listener.Info() is { Connections: 3, ActiveConnections: 1, ConnectionsRefused: 2 });
            var page = Render<ListenerPage>(p => p.Add(c => c.ListenerId, listener.Id));
            var list = Render<ListenersPage>();

            page.WaitForAssertion(() => Assert.Contains("3 connections (1 open, 2 refused at once)", page.Find("[data-testid=listener-counters]").TextContent,
                StringComparison.Ordinal));
            Assert.Contains("3 (1 open, 2 refused at once)", list.Find($"[data-testid=listener-row][data-id='{listener.Id}']").TextContent, StringComparison.Ordinal);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task RepliesThePolicyDenies_AreShownNotSent()
    {
        var listener = Manager.Create(new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0, Reply: new ListenerReply(ReplyMode.Echo)), UserName);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await sender.SendToAsync("ping"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        await UntilAsync(() => listener.Info().RepliesDenied == 1);
        var page = Render<ListenerPage>(p => p.Add(c => c.ListenerId, listener.Id));
        var list = Render<ListenersPage>();

        page.WaitForAssertion(() => Assert.Contains("1 datagram · replies not sent: 1 denied by policy", page.Find("[data-testid=listener-counters]").TextContent,
            StringComparison.Ordinal));
        Assert.Contains("1 · replies not sent: 1 denied by policy", list.Find($"[data-testid=listener-row][data-id='{listener.Id}']").TextContent, StringComparison.Ordinal);
    }

    private static async Task UntilAsync(Func<bool> done)
    {
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (!done())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "not counted in 10 s");
            await Task.Delay(10, Token);
        }
    }
}
