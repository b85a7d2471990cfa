using System.Globalization;
using Bunit;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Udp;

namespace Dashboard.Web.Tests.Components.Support;

public sealed class FieldLimitsTests : DashboardUiContext
{
    public static TheoryData<Type> Pages => [typeof(ProbePage), typeof(UdpPage), typeof(ScanPage), typeof(ListenersPage)];

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryField_TakesNoMoreThanACircuitMessageCarries(Type pageType)
    {
        var page = Render(builder =>
        {
            builder.OpenComponent(0, pageType);
            builder.CloseComponent();
        });
        // The listener form shows its payload editor only for a fixed reply.
        page.FindAll("[data-testid=listener-reply] button").SingleOrDefault(b => b.TextContent.Trim() == "fixed")?.Click();

        // Read-only fields send nothing the user typed. MudBlazor's own default is 524,288.
        var fields = page.FindAll("input, textarea").Where(f => !f.HasAttribute("readonly") && f.GetAttribute("type") is not ("checkbox" or "radio" or "hidden")).ToList();
        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.InRange(int.Parse(f.GetAttribute("maxlength") ?? "-1", CultureInfo.InvariantCulture), 1, FieldLimits.Longest));
    }

    [Fact]
    public void Longest_IsTheLongestField() =>
        Assert.Equal(FieldLimits.Longest, new[] { FieldLimits.Host, FieldLimits.Number, FieldLimits.Payload, FieldLimits.Targets, FieldLimits.Ports }.Max());

    [Theory]
    [InlineData("10.0.0.5, ", FieldLimits.Targets, "Targets: the field is full (167,936 characters")]
    [InlineData("22,", FieldLimits.Ports, "Ports: the field is full (65,536 characters")]
    public void ScanField_FilledToItsLimit_SaysLongerInputWasCut(string unit, int limit, string expected)
    {
        var page = Render<ScanPage>();
        var id = limit == FieldLimits.Targets ? "scan-targets" : "scan-ports";

        page.Find($"input#{id}").Input(string.Concat(Enumerable.Repeat(unit, (limit / unit.Length) + 1))[..limit]);
        page.Find("#scan-start").Click();

        page.WaitForAssertion(() => Assert.Contains(expected, page.Markup, StringComparison.Ordinal));
    }
}
