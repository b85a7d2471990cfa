using System.Net;
using Bunit;
using Dashboard.Web.Features.Probe;

namespace Dashboard.Web.Tests.Features.Probe;

public sealed class ProbePageTests : DashboardUiContext
{
    private IRenderedComponent<ProbePage> RenderPage() => Render<ProbePage>();

    private static void Fill(IRenderedComponent<ProbePage> page, string host, string port, string? timeout = null)
    {
        page.Find("input#probe-host").Input(host);
        page.Find("input#probe-port").Input(port);
        if (timeout is not null)
        {
            page.Find("input#probe-timeout").Input(timeout);
        }
    }

    private static string ErrorsOf(IRenderedComponent<ProbePage> page) =>
        string.Join(" | ", page.FindAll(".mud-input-error .mud-input-helper-text, .mud-input-helper-text.mud-input-error").Select(e => e.TextContent));

    [Fact]
    public void Submit_EmptyForm_ShowsWhatIsRequiredAndProbesNothing()
    {
        var page = RenderPage();

        page.Find("#probe-submit").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Host is required", page.Markup, StringComparison.Ordinal);
            Assert.Contains("Port is required: 1-65535", page.Markup, StringComparison.Ordinal);
        });
        Assert.Empty(page.FindAll("[data-testid=probe-result]"));
    }

    [Theory]
    [InlineData("127.0.0.1", "70000", null, "Port must be 1-65535, got 70000")]
    [InlineData("127.0.0.1", "abc", null, "Port: not a number, got 'abc'; give 1-65535")]
    [InlineData("a b", "80", null, "Host 'a b' is not a valid name or address")]
    [InlineData("db1:5432", "80", null, "put 5432 in the port field")]
    [InlineData("127.0.0.1", "80", "0", "Timeout (ms) must be 1-30000, got 0")]
    public void Input_Invalid_ShowsTheRuleInline(string host, string port, string? timeout, string expected)
    {
        var page = RenderPage();

        Fill(page, host, port, timeout);
        page.Find("#probe-submit").Click();

        page.WaitForAssertion(() => Assert.Contains(expected, ErrorsOf(page), StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=probe-result]"));
    }

    [Fact]
    public void Probe_OpenPort_ShowsTheOpenCardAndARecentEntry()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var page = RenderPage();

        Fill(page, "127.0.0.1", listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.Find("#probe-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("open", page.Find("[data-testid=probe-result] [data-testid=probe-state]").GetAttribute("data-state")));
        Assert.Equal("0 OK", page.Find("[data-testid=probe-code]").TextContent.Trim());
        Assert.Equal($"127.0.0.1:{listener.Port}", page.Find("[data-testid=probe-remote]").TextContent.Trim());
        Assert.Single(page.FindAll("[data-testid=recent-probe]"));
        Assert.Empty(ErrorsOf(page));
    }

    [Fact]
    public void Probe_ClosedPort_ShowsEconnrefusedAndItsMeaning()
    {
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var port = closed.Ports[0];
        var page = RenderPage();

        Fill(page, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.Find("#probe-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("111 ECONNREFUSED", page.Find("[data-testid=probe-code]").TextContent.Trim()));
        Assert.Contains("nothing listens on this port", page.Find("[data-testid=probe-message]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAgain_RepeatsTheProbeAndListsItNewestFirst()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var closed = new ClosedPorts(IPAddress.Loopback, 1);
        var closedPort = closed.Ports[0];
        var page = RenderPage();
        Fill(page, "127.0.0.1", listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.Find("#probe-submit").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=recent-probe]")));
        Fill(page, "127.0.0.1", closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.Find("#probe-submit").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=recent-probe]").Count));

        page.FindAll("[data-testid=recent-probe] button")[1].Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=recent-probe]").Count));
        var states = page.FindAll("[data-testid=recent-probe] [data-testid=probe-state]").Select(e => e.GetAttribute("data-state"));
        Assert.Equal(["open", "closed", "open"], states);
        Assert.Equal("0 OK", page.Find("[data-testid=probe-code]").TextContent.Trim());
    }
}
