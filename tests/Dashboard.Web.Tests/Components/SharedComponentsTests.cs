using Bunit;
using Dashboard.Web.Components;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Tests.Components;

public sealed class SharedComponentsTests : DashboardUiContext
{
    [Fact]
    public void PageHeading_IsTheOneH1_WithItsDescriptionAndBackLink()
    {
        var heading = Render<PageHeading>(p => p
            .Add(h => h.Title, "Listeners")
            .Add(h => h.BackHref, "listeners")
            .Add(h => h.BackText, "All listeners")
            .Add(h => h.ChildContent, (RenderFragment)(b => b.AddContent(0, "Open a port."))));

        var h1 = Assert.Single(heading.FindAll("h1"));
        Assert.Equal("Listeners", h1.TextContent.Trim());
        Assert.Equal("-1", h1.GetAttribute("tabindex"));
        Assert.Contains("Open a port.", heading.Markup, StringComparison.Ordinal);
        Assert.Equal("listeners", heading.Find("[data-testid=back-link]").GetAttribute("href"));
    }

    [Fact]
    public void CommandBlock_IsAFocusableNamedRegion_WithANamedCopyButton()
    {
        var block = Render<CommandBlock>(p => p.Add(c => c.Text, "nc 127.0.0.1 4000").Add(c => c.Label, "netcat command").Add(c => c.TestId, "snippet"));

        var text = block.Find("pre");
        Assert.Equal("nc 127.0.0.1 4000", text.TextContent);
        Assert.Equal("0", text.GetAttribute("tabindex"));
        Assert.Equal("region", text.GetAttribute("role"));
        Assert.Equal("netcat command", text.GetAttribute("aria-label"));
        Assert.Equal("Copy netcat command", block.Find("button").GetAttribute("aria-label"));
    }

    [Fact]
    public void CopyButton_Click_WritesTheTextToTheClipboard()
    {
        var copy = JSInterop.SetupVoid("dashboardClipboard.copy", "sdt_secret");
        var button = Render<CopyButton>(p => p.Add(c => c.Text, "sdt_secret").Add(c => c.Label, "Copy the token"));

        button.Find("button").Click();

        copy.VerifyInvoke("dashboardClipboard.copy");
    }

    [Fact]
    public async Task ConfirmDialog_KeepIt_AnswersFalse_AndYes_AnswersTrue()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService<IDialogService>();

        var kept = provider.InvokeAsync(() => dialogs!.ConfirmAsync("Close this listener?", "It cannot be undone.", "Close listener"));
        provider.WaitForAssertion(() => Assert.Contains("It cannot be undone.", provider.Find("[data-testid=confirm-text]").TextContent, StringComparison.Ordinal));
        await provider.Find("[data-testid=confirm-cancel]").ClickAsync(new());
        Assert.False(await kept);

        var confirmed = provider.InvokeAsync(() => dialogs!.ConfirmAsync("Close this listener?", "It cannot be undone.", "Close listener"));
        provider.WaitForAssertion(() => Assert.Equal("Close listener", provider.Find("[data-testid=confirm-yes]").TextContent.Trim()));
        await provider.Find("[data-testid=confirm-yes]").ClickAsync(new());
        Assert.True(await confirmed);
    }
}
