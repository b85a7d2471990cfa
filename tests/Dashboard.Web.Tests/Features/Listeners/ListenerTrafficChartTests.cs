using Bunit;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Features.Listeners;

namespace Dashboard.Web.Tests.Features.Listeners;

public sealed class ListenerTrafficChartTests : DashboardUiContext
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(2_000_000);

    [Fact]
    public void Chart_SaysTheLastMinuteInWords_AndDrawsBothSeries()
    {
        var traffic = new ListenerTraffic();
        traffic.Add(new ListenerEvent("l1", 1, ListenerEventKind.Accepted, 1, "127.0.0.1:5000", "127.0.0.1:4000", 0, null, null, Now.AddSeconds(-5)));
        traffic.Add(new ListenerEvent("l1", 2, ListenerEventKind.Data, 1, "127.0.0.1:5000", "127.0.0.1:4000", 1_200, null, null, Now.AddSeconds(-5)));
        traffic.Add(new ListenerEvent("l1", 3, ListenerEventKind.Data, 1, "127.0.0.1:5000", "127.0.0.1:4000", 300, null, null, Now));

        var chart = Render<ListenerTrafficChart>(p => p.Add(c => c.Traffic, traffic).Add(c => c.Protocol, ListenerProtocol.Tcp).Add(c => c.Now, Now));

        Assert.Equal("1 connection in the last 60 s; the busiest second had 1, 5 s ago.", chart.Find("[data-testid=listener-arrivals-summary]").TextContent);
        Assert.Equal("1,500 bytes in the last 60 s; the busiest second had 1,200, 5 s ago.", chart.Find("[data-testid=listener-bytes-summary]").TextContent);
        Assert.Equal(2, chart.FindAll("figure svg").Count);
        Assert.All(chart.FindAll(".chart-box"), box => Assert.Equal("true", box.GetAttribute("aria-hidden")));
    }

    [Fact]
    public void Chart_Udp_CountsDatagrams_AndSaysWhenNothingCame()
    {
        var chart = Render<ListenerTrafficChart>(p => p.Add(c => c.Traffic, new ListenerTraffic()).Add(c => c.Protocol, ListenerProtocol.Udp).Add(c => c.Now, Now));

        Assert.Equal("No datagrams in the last 60 s.", chart.Find("[data-testid=listener-arrivals-summary]").TextContent);
        Assert.Contains("Datagrams per second", chart.Markup, StringComparison.Ordinal);
    }
}
