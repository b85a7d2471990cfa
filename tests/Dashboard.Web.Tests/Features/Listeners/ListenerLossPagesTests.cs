using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bunit;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Web.Features.Listeners;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Listeners;

/// <summary>Datagrams the kernel dropped for a listener (its receive buffer a few datagrams here) are shown, not hidden.</summary>
public sealed class ListenerLossPagesTests() : DashboardUiContext(configure: s => s.Configure<ListenerOptions>(o => o.UdpReceiveBufferBytes = 4096))
{
    [Fact]
    public async Task UdpListenerThatLostDatagrams_ShowsTheLossOnItsPageAndInTheList()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the kernel's drop count (SO_MEMINFO) is Linux's");
        var listener = Services.GetRequiredService<ListenerManager>().Create(new ListenerRequest(ListenerProtocol.Udp, "127.0.0.1", 0), DashboardUiContext.UserName);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Connect(IPEndPoint.Parse(listener.LocalEndPoint));
        for (var i = 0; i < 20_000; i++)
        {
            sender.Send(new byte[1_000]);
        }

        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (listener.Info() is var counted && counted.Datagrams + (counted.DatagramsLost ?? 0) < 20_000 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10, Xunit.TestContext.Current.CancellationToken);
        }

        var info = listener.Info();
        var (received, lost) = (info.Datagrams.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            info.DatagramsLost!.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        var page = Render<ListenerPage>(p => p.Add(c => c.ListenerId, listener.Id));
        var list = Render<ListenersPage>();

        page.WaitForAssertion(() => Assert.Contains($"{received} datagrams (+{lost} lost: receive buffer full)", page.Find("[data-testid=listener-counters]").TextContent,
            StringComparison.Ordinal));
        Assert.Contains($"{received} (+{lost} lost: receive buffer full)", list.Find($"[data-testid=listener-row][data-id='{listener.Id}']").TextContent, StringComparison.Ordinal);
    }
}
