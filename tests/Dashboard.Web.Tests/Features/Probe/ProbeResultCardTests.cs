using Bunit;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Features.Probe;

namespace Dashboard.Web.Tests.Features.Probe;

public sealed class ProbeResultCardTests : DashboardUiContext
{
    private static ProbeResult Result(ProbeState state, int code, string name, string? address = "10.0.0.5", string? remote = null) =>
        new("db1", address, 5432, state, code, name, "X", $"meaning of {name}", address is null ? null : 1.5,
            address is null ? null : "10.0.0.1:40000", remote, DateTimeOffset.UnixEpoch);

    public static TheoryData<ProbeState, int, string, string> States => new()
    {
        { ProbeState.Open, 0, "OK", "success" },
        { ProbeState.Closed, 111, "ECONNREFUSED", "error" },
        { ProbeState.Filtered, 110, "ETIMEDOUT", "warning" },
        { ProbeState.Unreachable, 113, "EHOSTUNREACH", "secondary" },
        { ProbeState.Error, -2, "EAI_NONAME", "default" },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Card_EachState_ShowsItsChipColourCodeAndMeaning(ProbeState state, int code, string name, string colour)
    {
        var card = Render<ProbeResultCard>(p => p.Add(c => c.Result, Result(state, code, name)));

        var chip = card.Find("[data-testid=probe-state]");
        Assert.Equal(state.ToString().ToLowerInvariant(), chip.GetAttribute("data-state"));
        Assert.Equal(state.ToString().ToLowerInvariant(), chip.TextContent.Trim());
        Assert.Contains($"mud-chip-color-{colour}", chip.ClassName, StringComparison.Ordinal);
        Assert.Equal($"{code} {name}", card.Find("[data-testid=probe-code]").TextContent.Trim());
        Assert.Equal($"meaning of {name}", card.Find("[data-testid=probe-message]").TextContent.Trim());
        Assert.Equal("db1:5432", card.Find("[data-testid=probe-target]").TextContent.Trim());
    }

    [Fact]
    public void Card_Unresolved_SaysSoInsteadOfBlankFields()
    {
        var card = Render<ProbeResultCard>(p => p.Add(c => c.Result, Result(ProbeState.Error, -2, "EAI_NONAME", address: null)));

        Assert.Equal("did not resolve", card.Find("[data-testid=probe-address]").TextContent.Trim());
        Assert.Equal("no connect made", card.Find("[data-testid=probe-rtt]").TextContent.Trim());
        Assert.Equal("none", card.Find("[data-testid=probe-local]").TextContent.Trim());
        Assert.Equal("not connected", card.Find("[data-testid=probe-remote]").TextContent.Trim());
    }

    [Fact]
    public void Card_Ipv6Target_IsWrittenInBrackets()
    {
        var result = Result(ProbeState.Open, 0, "OK") with { Host = "::1", Port = 22 };

        var card = Render<ProbeResultCard>(p => p.Add(c => c.Result, result));

        Assert.Equal("[::1]:22", card.Find("[data-testid=probe-target]").TextContent.Trim());
    }
}
