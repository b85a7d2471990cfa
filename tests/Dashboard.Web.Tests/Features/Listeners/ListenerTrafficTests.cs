using Dashboard.Contracts.Listeners;
using Dashboard.Web.Features.Listeners;

namespace Dashboard.Web.Tests.Features.Listeners;

public sealed class ListenerTrafficTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_000_000);

    private static ListenerEvent Event(ListenerEventKind kind, int bytes, DateTimeOffset at) =>
        new("l1", 1, kind, 1, "127.0.0.1:5000", "127.0.0.1:4000", bytes, null, null, at);

    [Fact]
    public void Window_CountsConnectionsAndBytesInTheirSecond_OldestFirst()
    {
        var traffic = new ListenerTraffic();
        traffic.Add(Event(ListenerEventKind.Accepted, 0, Now.AddSeconds(-2)));
        traffic.Add(Event(ListenerEventKind.Data, 100, Now.AddSeconds(-2)));
        traffic.Add(Event(ListenerEventKind.Data, 50, Now));
        traffic.Add(Event(ListenerEventKind.Closed, 0, Now));

        var (arrivals, bytes) = traffic.Window(Now);

        Assert.Equal(ListenerTraffic.Seconds, arrivals.Length);
        Assert.Equal(1, arrivals[^3]);
        Assert.Equal(100, bytes[^3]);
        Assert.Equal(50, bytes[^1]);
        Assert.Equal(1, arrivals.Sum());
        Assert.Equal(150, bytes.Sum());
    }

    [Fact]
    public void Window_LaterThanAMinute_HasLetTheOldSecondsGo()
    {
        var traffic = new ListenerTraffic();
        traffic.Add(Event(ListenerEventKind.Datagram, 10, Now));

        var (arrivals, bytes) = traffic.Window(Now.AddSeconds(ListenerTraffic.Seconds));

        Assert.Equal(0, arrivals.Sum());
        Assert.Equal(0, bytes.Sum());
    }

    [Fact]
    public void Add_OlderThanTheWindow_IsLeftOut()
    {
        var traffic = new ListenerTraffic();
        traffic.Add(Event(ListenerEventKind.Datagram, 10, Now));
        traffic.Add(Event(ListenerEventKind.Datagram, 10, Now.AddSeconds(-ListenerTraffic.Seconds)));

        Assert.Equal(1, traffic.Window(Now).Arrivals.Sum());
    }
}
