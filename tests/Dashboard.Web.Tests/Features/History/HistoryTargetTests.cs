using System.Net;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Udp;

namespace Dashboard.Web.Tests.Features.History;

/// <summary>How the history writes what was asked: an IPv6 endpoint in brackets, as every tool writes it.</summary>
public sealed class HistoryTargetTests : IAsyncLifetime
{
    private readonly DashboardHost _host = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbeAndUdpOfAnIPv6Address_AreListedWithTheAddressInBrackets()
    {
        using var listener = new LoopbackListener(IPAddress.IPv6Loopback);
        using var http = _host.Http();

        (await http.PostAsync("api/probe", new ProbeRequest("::1", listener.Port), Token)).EnsureSuccessStatusCode();
        (await http.PostAsync("api/udp", new UdpSendRequest("::1", listener.Port, "x"), Token)).EnsureSuccessStatusCode();
        var page = await HistoryHosts.HistoryAsync(http);

        Assert.Equal(2, page.Items.Count(i => i.Target == $"[::1]:{listener.Port}"));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();
}
