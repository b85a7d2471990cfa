using System.Net.Sockets;
using Bunit;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.UnixSockets;
using Dashboard.Web.Features.Listeners;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Features.Listeners;

/// <summary>The listener pages with unix listeners: the form's path, and a listener's events as they arrive.</summary>
public sealed class UnixListenerPagesTests : DashboardUiContext
{
    private readonly UnixSocketLab _lab = new();

    private ListenerManager Manager => Services.GetRequiredService<ListenerManager>();

    [Fact]
    public async Task Create_Unix_SendsThePath_AndARefusalIsShownBesideIt()
    {
        var page = Render<ListenersPage>();
        await page.InvokeAsync(() => page.FindAll("[data-testid=listener-protocol] button").Single(b => b.TextContent.Trim() == "unix").Click());

        page.Find("input#listener-path").Input(Path.Combine(_lab.Allowed, "form.sock"));
        await page.InvokeAsync(() => page.Find("#listener-create").Click());

        Assert.StartsWith("Path: no directory is allowed for Unix sockets at this server", page.Find("[data-testid=listener-problem]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("input#listener-port"));
        Assert.Empty(Manager.List());
    }

    [Fact]
    public async Task Detail_AUnixListenersConnectionsAndData_ArriveLive_WithItsPath()
    {
        var path = Path.Combine(_lab.Allowed, "page.sock");
        var listener = Manager.Create(new ListenerRequest(ListenerProtocol.Unix, null, 0) { Path = path }, DashboardUiContext.UserName,
            [new UnixPathAllowance("test", [_lab.Allowed])]);
        var page = Render<ListenerPage>(p => p.Add(c => c.ListenerId, listener.Id));

        using (var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await client.ConnectAsync(new UnixDomainSocketEndPoint(path), Xunit.TestContext.Current.CancellationToken);
            await client.SendAsync("over unix"u8.ToArray(), Xunit.TestContext.Current.CancellationToken);
        }

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=listener-event][data-kind=closed]")), TimeSpan.FromSeconds(5));
        Assert.Contains("over unix", Assert.Single(page.FindAll("[data-testid=listener-event][data-kind=data]")).TextContent, StringComparison.Ordinal);
        Assert.Equal($"unix://{path}", page.Find("[data-testid=listener-endpoint]").TextContent.Trim());
        Assert.Contains("1 connection (0 open)", page.Find("[data-testid=listener-counters]").TextContent, StringComparison.Ordinal);
        var snippet = Assert.Single(page.FindAll("[data-testid=listener-snippet]")).TextContent;
        Assert.Contains("ncat -U ", snippet, StringComparison.Ordinal);
        Assert.Contains(path, snippet, StringComparison.Ordinal);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _lab.Dispose();
    }
}
