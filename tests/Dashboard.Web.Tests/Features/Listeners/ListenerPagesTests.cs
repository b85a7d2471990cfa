using System.Net;
using System.Net.Sockets;
using Bunit;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Web.Features.Listeners;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Listeners;

public sealed class ListenerPagesTests : DashboardUiContext
{
    private ListenerManager Manager => Services.GetRequiredService<ListenerManager>();

    [Fact]
    public async Task Create_OpensAListenerAndGoesToItsPage()
    {
        var page = Render<ListenersPage>();

        await page.InvokeAsync(() => page.Find("#listener-create").Click());

        var listener = Assert.Single(Manager.List());
        Assert.EndsWith($"/listeners/{listener.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal((ListenerProtocol.Tcp, DashboardUiContext.UserName), (listener.Info().Protocol, listener.Owner));
    }

    [Fact]
    public async Task Create_BadBindAddress_SaysWhatIsAllowed()
    {
        var page = Render<ListenersPage>();

        page.Find("input#listener-bind").Input("not-an-address");
        await page.InvokeAsync(() => page.Find("#listener-create").Click());

        Assert.StartsWith("Bind address must be an IP address of this host", page.Find("[data-testid=listener-problem]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Manager.List());
    }

    [Fact]
    public async Task Create_OnAPortAnotherListenerHolds_IsRefusedNamingIt()
    {
        var holder = Manager.Create(new ListenerRequest(ListenerProtocol.Tcp, "0.0.0.0", 0), "alice");
        var port = IPEndPoint.Parse(holder.LocalEndPoint).Port;
        var page = Render<ListenersPage>();

        // The list redraws on a timer: find and act in one turn of the renderer.
        page.Find("input#listener-port").Input(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.InvokeAsync(() => page.Find("#listener-create").Click());

        Assert.StartsWith($"Port {port} is already in use on 127.0.0.1 by listener {holder.Id} (alice's tcp://0.0.0.0:{port})",
            page.Find("[data-testid=listener-problem]").TextContent, StringComparison.Ordinal);
        Assert.Single(Manager.List());
    }

    [Fact]
    public async Task Create_UdpFixedReplyLargerThanADatagram_IsRefusedBesideTheField()
    {
        var page = Render<ListenersPage>();
        await page.InvokeAsync(() => page.FindAll("[data-testid=listener-protocol] button").Single(b => b.TextContent.Trim() == "udp").Click());
        await page.InvokeAsync(() => page.FindAll("[data-testid=listener-reply] button").Single(b => b.TextContent.Trim() == "fixed").Click());
        page.Find("textarea#payload-input").Input(new string('A', 65_508));

        await page.InvokeAsync(() => page.Find("#listener-create").Click());

        Assert.Equal("Payload is 65,508 bytes; a UDP datagram over IPv4 carries at most 65,507", page.Find("[data-testid=payload-problem]").TextContent);
        Assert.Empty(Manager.List());
    }

    [Fact]
    public async Task Detail_ShowsEachConnectionsEventsLive()
    {
        var listener = Manager.Create(new ListenerRequest(ListenerProtocol.Tcp, null, 0), "test");
        var page = Render<ListenerPage>(p => p.Add(c => c.ListenerId, listener.Id));
        foreach (var line in new[] { "first", "second" })
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPEndPoint.Parse(listener.LocalEndPoint), Xunit.TestContext.Current.CancellationToken);
            await client.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(line), Xunit.TestContext.Current.CancellationToken);
        }

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=listener-event][data-kind=closed]").Count), TimeSpan.FromSeconds(5));
        // Connections are numbered in accept order; their data may be read in either order.
        var data = page.FindAll("[data-testid=listener-event][data-kind=data]").Select(e => e.TextContent).ToList();
        Assert.Equal(2, data.Count);
        Assert.Single(data, d => d.Contains("first", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(d, @"data\s+1\s"));
        Assert.Single(data, d => d.Contains("second", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(d, @"data\s+2\s"));
        Assert.Contains("nc 127.0.0.1 " + IPEndPoint.Parse(listener.LocalEndPoint).Port, page.Markup, StringComparison.Ordinal);
        Assert.Contains("2 connections (0 open)", page.Find("[data-testid=listener-counters]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Detail_UnknownListener_SaysSo()
    {
        var page = Render<ListenerPage>(p => p.Add(c => c.ListenerId, "nope"));

        Assert.Equal("listenerId 'nope' is not an open or recently stopped listener", page.Find("[data-testid=listener-problem]").TextContent);
    }

    [Fact]
    public void EventView_KeepsTheNewestWithinItsBoundAndCountsTheRest()
    {
        var view = new ListenerEventView(maxShown: 3);
        for (var i = 1; i <= 5; i++)
        {
            view.Add(new ListenerEvent("l", i, ListenerEventKind.Data, i % 2 + 1, null, null, 1, "", "x", DateTimeOffset.UnixEpoch));
        }

        view.Refresh();
        var newest = view.Shown.Select(e => e.Seq).ToArray();
        view.Filter(1);

        Assert.Equal([3L, 4, 5], newest);
        Assert.Equal(2, view.Discarded);
        Assert.Equal([4L], view.Shown.Select(e => e.Seq));
        Assert.Equal([1L, 2], view.Connections);
    }
}
