using Bunit;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Udp;

namespace Dashboard.Web.Tests.Access;

/// <summary>A Viewer sees no button that starts anything; an Operator does. (The services refuse anyway.)</summary>
public sealed class ViewerRenderingTests() : DashboardUiContext(Role.Viewer)
{
    [Fact]
    public void Viewer_SeesNoStartButtons_AndANoteSayingWhy()
    {
        var probe = Render<ProbePage>();
        var scan = Render<ScanPage>();
        var udp = Render<UdpPage>();
        var listeners = Render<ListenersPage>();

        Assert.Empty(probe.FindAll("#probe-submit"));
        Assert.Empty(scan.FindAll("#scan-start"));
        Assert.Empty(udp.FindAll("#udp-send"));
        Assert.Empty(listeners.FindAll("#listener-create"));
        Assert.Equal("You are signed in as a Viewer: probing needs the Operator role. Ask an Admin if you need it.",
            probe.Find("[data-testid=role-note]").TextContent.Trim());
    }
}

public sealed class OperatorRenderingTests : DashboardUiContext
{
    [Fact]
    public void Operator_SeesTheStartButtons_AndNoNote()
    {
        var probe = Render<ProbePage>();
        var listeners = Render<ListenersPage>();

        Assert.Single(probe.FindAll("#probe-submit"));
        Assert.Single(listeners.FindAll("#listener-create"));
        Assert.Empty(probe.FindAll("[data-testid=role-note]"));
    }

    [Fact]
    public void Operator_OnAnAdminAction_IsCalledAnOperator()
    {
        var note = Render<Dashboard.Web.Components.RoleNote>(p => p.Add(n => n.Needs, Role.Admin).Add(n => n.Action, "managing users"));

        Assert.Equal("You are signed in as an Operator: managing users needs the Admin role. Ask an Admin if you need it.",
            note.Find("[data-testid=role-note]").TextContent.Trim());
    }
}
