using System.Globalization;
using System.Net;
using Bunit;
using Dashboard.Web.Features.Udp;

namespace Dashboard.Web.Tests.Features.Udp;

public sealed class UdpPageTests : DashboardUiContext
{
    [Fact]
    public void Send_ToSilentPeer_SaysNoReplyAndWhatThatCannotTell()
    {
        using var silent = new UdpPeer(IPAddress.Loopback, echo: false);
        var page = Render<UdpPage>();

        page.Find("input#udp-host").Input("127.0.0.1");
        page.Find("input#udp-port").Input(silent.Port.ToString(CultureInfo.InvariantCulture));
        page.Find("input#udp-wait").Input("200");
        page.Find("#udp-send").Click();

        page.WaitForAssertion(() => Assert.Equal("no-reply", page.Find("[data-testid=udp-state]").GetAttribute("data-state")));
        Assert.Contains("may be open and silent, or filtered", page.Find("[data-testid=udp-message]").TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=udp-recent-row]"));
    }

    [Fact]
    public void Preset_FillsPortAndHexPayload()
    {
        var page = Render<UdpPage>();

        page.FindAll("[data-testid=udp-preset]").Single(c => c.TextContent.StartsWith("NTP", StringComparison.Ordinal)).Click();

        Assert.Equal("123", page.Find("input#udp-port").GetAttribute("value"));
        Assert.Equal("48 bytes", page.Find("[data-testid=payload-bytes]").TextContent);
    }

    [Fact]
    public void Send_InvalidPayload_SendsNothing()
    {
        using var silent = new UdpPeer(IPAddress.Loopback, echo: false);
        var page = Render<UdpPage>();
        page.Find("input#udp-host").Input("127.0.0.1");
        page.Find("input#udp-port").Input(silent.Port.ToString(CultureInfo.InvariantCulture));
        page.FindAll("[data-testid=payload-encoding] button").Single(b => b.TextContent.Trim() == "hex").Click();

        page.Find("#udp-send").Click();

        page.WaitForAssertion(() => Assert.Contains("Payload is not valid hex", page.Find("[data-testid=payload-problem]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=udp-result]"));
        Assert.Empty(silent.Received);
    }

    [Fact]
    public void Send_PayloadOverTheIPv4Limit_IsRefusedBesideTheFieldAndSendsNothing()
    {
        using var echo = new UdpPeer(IPAddress.Loopback, echo: true);
        var page = Render<UdpPage>();
        page.Find("input#udp-host").Input("127.0.0.1");
        page.Find("input#udp-port").Input(echo.Port.ToString(CultureInfo.InvariantCulture));
        page.Find("textarea#payload-input").Input(new string('A', 65_508));

        page.Find("#udp-send").Click();

        Assert.Equal("Payload is 65,508 bytes; a UDP datagram over IPv4 carries at most 65,507", page.Find("[data-testid=payload-problem]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=udp-result]"));
        Assert.Empty(page.FindAll("[data-testid=udp-running]"));
        Assert.Empty(echo.Received);
    }

    [Fact]
    public void Payload_ToAnIPv6Literal_MayTakeTheIPv6Maximum()
    {
        var page = Render<UdpPage>();
        page.Find("textarea#payload-input").Input(new string('A', 65_527));
        Assert.Contains("carries at most 65,507", page.Find("[data-testid=payload-problem]").TextContent, StringComparison.Ordinal);

        page.Find("input#udp-host").Input("::1");

        Assert.Empty(page.FindAll("[data-testid=payload-problem]"));
        Assert.Equal("65,527 bytes", page.Find("[data-testid=payload-bytes]").TextContent);
    }
}
