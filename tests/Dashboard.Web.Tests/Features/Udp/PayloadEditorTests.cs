using System.Globalization;
using System.Net.Sockets;
using Bunit;
using Dashboard.Contracts;
using Dashboard.Sockets.Udp;
using Dashboard.Web.Components.Payload;
using Dashboard.Web.Components.Support;

namespace Dashboard.Web.Tests.Features.Udp;

public sealed class PayloadEditorTests : DashboardUiContext
{
    [Fact]
    public void Text_ShowsItsUtf8ByteCountAndHexPreview()
    {
        var editor = Render<PayloadEditor>(p => p.Add(e => e.Payload, "Hello World!"));

        Assert.Equal("12 bytes", editor.Find("[data-testid=payload-bytes]").TextContent);
        Assert.Equal("00000000  48 65 6c 6c 6f 20 57 6f  72 6c 64 21              |Hello World!|", editor.Find("[data-testid=hexdump]").TextContent);
    }

    [Fact]
    public void Typing_UpdatesTheCountLiveAndReportsTheValue()
    {
        string? reported = null;
        var editor = Render<PayloadEditor>(p => p.Add(e => e.Payload, "").Add(e => e.PayloadChanged, v => reported = v));

        editor.Find("textarea").Input("héllo");

        Assert.Equal("6 bytes", editor.Find("[data-testid=payload-bytes]").TextContent);
        Assert.Equal("héllo", reported);
    }

    [Fact]
    public void InvalidHex_SaysWhatIsWrongAndHidesThePreview()
    {
        var editor = Render<PayloadEditor>(p => p.Add(e => e.Payload, "de ad zz").Add(e => e.Encoding, PayloadEncoding.Hex));

        Assert.StartsWith("Payload is not valid hex: 'zz' has 'z', not a hex digit", editor.Find("[data-testid=payload-problem]").TextContent, StringComparison.Ordinal);
        Assert.Empty(editor.FindAll("[data-testid=hexdump]"));
        Assert.Equal("—", editor.Find("[data-testid=payload-bytes]").TextContent);
        Assert.False(editor.Instance.IsValid);
    }

    [Fact]
    public void SwitchingEncoding_DecodesTheSameTextAnew()
    {
        PayloadEncoding? encoding = null;
        var editor = Render<PayloadEditor>(p => p.Add(e => e.Payload, "SGVsbG8=").Add(e => e.EncodingChanged, v => encoding = v));
        Assert.Equal("8 bytes", editor.Find("[data-testid=payload-bytes]").TextContent);

        editor.FindAll("[data-testid=payload-encoding] button").Single(b => b.TextContent.Trim() == "base64").Click();

        Assert.Equal(PayloadEncoding.Base64, encoding);
        Assert.Equal("5 bytes", editor.Find("[data-testid=payload-bytes]").TextContent);
        Assert.Contains("|Hello|", editor.Find("[data-testid=hexdump]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void OverTheDatagramLimit_TurnsTheCountRedAndSaysWhyBesideTheField()
    {
        var editor = Render<PayloadEditor>(p => p.Add(e => e.Payload, new string('A', 65_508)).Add(e => e.SizeProblem, ToIPv4));

        var count = editor.Find("[data-testid=payload-bytes]");
        Assert.Equal("65,508 bytes", count.TextContent);
        Assert.Contains("mud-error-text", count.ClassList);
        Assert.Equal("Payload is 65,508 bytes; a UDP datagram over IPv4 carries at most 65,507", editor.Find("[data-testid=payload-problem]").TextContent);
        Assert.False(editor.Instance.IsValid);
    }

    [Fact]
    public void AtTheDatagramLimit_IsValidAndTheCountStaysPlain()
    {
        var editor = Render<PayloadEditor>(p => p.Add(e => e.Payload, new string('A', 65_507)).Add(e => e.SizeProblem, ToIPv4));

        Assert.DoesNotContain("mud-error-text", editor.Find("[data-testid=payload-bytes]").ClassList);
        Assert.Empty(editor.FindAll("[data-testid=payload-problem]"));
        Assert.True(editor.Instance.IsValid);
    }

    [Fact]
    public void Typing_PastTheLimit_TurnsRedAndBackWhenShortened()
    {
        var editor = Render<PayloadEditor>(p => p.Add(e => e.SizeProblem, ToIPv4));

        editor.Find("textarea").Input(new string('é', 32_754));
        Assert.Equal("true", editor.Find("[data-testid=payload-bytes]").GetAttribute("data-over-limit"));
        editor.Find("textarea").Input(new string('é', 32_753));
        Assert.Equal("false", editor.Find("[data-testid=payload-bytes]").GetAttribute("data-over-limit"));
    }

    [Fact]
    public void FilledField_SaysLongerInputWasCut()
    {
        var editor = Render<PayloadEditor>(p => p.Add(e => e.Payload, new string('a', FieldLimits.Payload)).Add(e => e.Encoding, PayloadEncoding.Hex));

        Assert.Equal(FieldLimits.Payload.ToString(CultureInfo.InvariantCulture), editor.Find("textarea").GetAttribute("maxlength"));
        Assert.StartsWith("Payload: the field is full (196,608 characters, the most it takes), so anything longer was cut",
            editor.Find("[data-testid=payload-problem]").TextContent, StringComparison.Ordinal);
        Assert.False(editor.Instance.IsValid);
    }

    [Fact]
    public void HexDump_LongPayload_WrapsAt16BytesAndSaysWhatIsCut()
    {
        var text = HexDumpFormat.Format(Enumerable.Range(0, 40).Select(i => (byte)i).ToArray(), maxBytes: 32);

        var lines = text.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("00000010  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  |................|", lines[1], StringComparison.Ordinal);
        Assert.Equal("… 8 more bytes", lines[2]);
    }

    private static string? ToIPv4(int bytes) => UdpSender.PayloadSizeProblem(bytes, AddressFamily.InterNetwork);
}
