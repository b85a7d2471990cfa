using Bunit;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Identify.Pages;

namespace Dashboard.Web.Tests.Features.Identify;

/// <summary>The Services page offers Identify to an Operator; a Viewer sees no button and a note saying why.</summary>
public sealed class ServicesPageViewerTests() : DashboardUiContext(Role.Viewer)
{
    [Fact]
    public void Viewer_SeesNoIdentifyButton_AndANoteSayingWhy()
    {
        var page = Render<ServicesPage>();

        Assert.Empty(page.FindAll("#services-submit"));
        Assert.Equal("You are signed in as a Viewer: identifying services needs the Operator role. Ask an Admin if you need it.",
            page.Find("[data-testid=role-note]").TextContent.Trim());
    }
}

public sealed class ServicesPageOperatorTests : DashboardUiContext
{
    [Fact]
    public void Operator_SeesTheIdentifyButton_AndTheBatchBound()
    {
        var page = Render<ServicesPage>();

        Assert.Single(page.FindAll("#services-submit"));
        Assert.Empty(page.FindAll("[data-testid=role-note]"));
        Assert.Contains("at most 1,024", page.Markup, StringComparison.Ordinal);
    }
}
