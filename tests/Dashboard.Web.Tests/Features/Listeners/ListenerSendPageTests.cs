using System.Net;
using System.Net.Sockets;
using System.Text;
using Bunit;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Web.Features.Listeners;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dashboard.Web.Tests.Features.Listeners;

/// <summary>The listener page sends by hand: into the connection picked, or back to the source of the datagram picked; the send is an event in the log.</summary>
public sealed class ListenerSendPageTests : DashboardUiContext
{
    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    private ListenerManager Manager => Services.GetRequiredService<ListenerManager>();

    [Fact]
    public async Task PickedTcpConnection_GetsWhatIsTyped_AndTheLogShowsItSent()
    {
        var listener = Manager.Create(new ListenerRequest(ListenerProtocol.Tcp, null, 0), UserName);
        var page = Render<ListenerPage>(p => p.Add(c => c.ListenerId, listener.Id));
        using var client = new TcpClient();
        await client.ConnectAsync(IPEndPoint.Parse(listener.LocalEndPoint), Token);
        page.WaitForAssertion(() => page.Find("[data-testid=listener-event][data-kind=accepted]"), TimeSpan.FromSeconds(5));
        Assert.Equal("Pick a connection above to send bytes into it.", page.Find("[data-testid=listener-send-hint]").TextContent);

        await page.InvokeAsync(() => page.FindComponent<MudSelect<long?>>().Instance.ValueChanged.InvokeAsync(1L));
        // The page redraws on a timer: find and act in one turn of its renderer.
        await page.InvokeAsync(() => page.Find("textarea#payload-input").Input("hello from the page"));
        await page.InvokeAsync(() => page.Find("[data-testid=listener-send-button]").Click());
        var buffer = new byte[64];
        var read = await client.GetStream().ReadAtLeastAsync(buffer, 19, cancellationToken: Token);

        Assert.Equal("hello from the page", Encoding.ASCII.GetString(buffer, 0, read));
        page.WaitForAssertion(() => Assert.Contains("hello from the page", page.Find("[data-testid=listener-event][data-kind=sent]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(5));
        Assert.StartsWith("sent 19 bytes", page.Find("[data-testid=listener-send-outcome]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PickedDatagram_ItsSourceGetsADatagramBack()
    {
        var listener = Manager.Create(new ListenerRequest(ListenerProtocol.Udp, null, 0), UserName);
        var page = Render<ListenerPage>(p => p.Add(c => c.ListenerId, listener.Id));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendToAsync("ping"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        page.WaitForAssertion(() => page.Find("[data-testid=listener-event][data-kind=datagram]"), TimeSpan.FromSeconds(5));

        await page.InvokeAsync(() => page.Find("[data-testid=listener-event][data-kind=datagram]").Click());
        Assert.Equal($"Send a datagram to {client.LocalEndPoint}", page.Find("[data-testid=listener-send] h3").TextContent);
        await page.InvokeAsync(() => page.Find("textarea#payload-input").Input("pong"));
        await page.InvokeAsync(() => page.Find("[data-testid=listener-send-button]").Click());
        var buffer = new byte[64];
        var read = await client.ReceiveAsync(buffer, Token);

        Assert.Equal("pong", Encoding.ASCII.GetString(buffer, 0, read));
        page.WaitForAssertion(() => page.Find("[data-testid=listener-event][data-kind=sent]"), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void AnotherOwnersListener_HasNoSendBox()
    {
        var listener = Manager.Create(new ListenerRequest(ListenerProtocol.Tcp, null, 0), "someone-else");

        var page = Render<ListenerPage>(p => p.Add(c => c.ListenerId, listener.Id));

        Assert.Empty(page.FindAll("[data-testid=listener-send-hint]"));
        Assert.Empty(page.FindAll("[data-testid=listener-send]"));
    }
}
