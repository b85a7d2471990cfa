using System.Diagnostics;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Agents;

/// <summary>Making an agent on the Agents page: the command shown keeps the token off the command line, and it works as shown.</summary>
public sealed class AgentsPageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task MakingAnAgent_ShowsACommandWithATokenFile_ThatConnectsTheAgent()
    {
        var page = await session.OpenAsync("agents", 1440);
        await page.Locator("#agent-name").FillAsync("edge-cmd-1");
        await page.Locator("#agent-create").ClickAsync();

        var created = page.GetByTestId("agent-created");
        await Assertions.Expect(created).ToBeVisibleAsync();
        var token = await page.GetByTestId("agent-token").InnerTextAsync();
        var command = await created.Locator("pre").InnerTextAsync();
        // Right after a success the emptied name field is no error.
        await Assertions.Expect(page.Locator(".mud-input-error")).ToHaveCountAsync(0);
        Assert.DoesNotContain(token, command, StringComparison.Ordinal);
        Assert.Contains("--token-file agent.token", command, StringComparison.Ordinal);
        Assert.Contains($"--server {session.Dashboard.BaseAddress.ToString().TrimEnd('/')}", command, StringComparison.Ordinal);
        // Names fit their cells at a desktop width: one line, no word broken.
        var row = page.GetByTestId("agent-list").Locator("tr", new LocatorLocatorOptions { HasText = "edge-cmd-1" });
        var nameCell = row.GetByTestId("agent-name-cell");
        var lineHeight = await nameCell.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight) || 20");
        var (_, height) = await SizeAsync(nameCell);
        Assert.True(height < lineHeight * 2 + 20, $"the name cell is {height} px high: its text wraps");

        // What the page says to run, run as it says (the repository's agent, the token pasted into the file).
        var dir = Directory.CreateTempSubdirectory("sd-agent-cmd-").FullName;
        try
        {
            var lines = command.Split('\n');
            await RunAsync(dir, lines[0], stdin: token + "\n");
            Assert.Equal("-rw-------", (await RunAsync(dir, "stat -c %A agent.token")).Trim());
            var run = lines[1].Replace("dotnet run --project src/Dashboard.Agent --", $"dotnet {AgentDll()}", StringComparison.Ordinal);
            using var agent = Process.Start(new ProcessStartInfo("bash", ["-c", "exec " + run]) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true })!;
            try
            {
                await Assertions.Expect(row.GetByTestId("agent-status")).ToHaveTextAsync("online");
            }
            finally
            {
                agent.Kill(entireProcessTree: true);
                await agent.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(double Width, double Height)> SizeAsync(ILocator locator)
    {
        var box = await locator.BoundingBoxAsync();
        return (box!.Width, box.Height);
    }

    private static async Task<string> RunAsync(string dir, string command, string? stdin = null)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), TestContext.Current.CancellationToken);
        }

        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"'{command}' exited with {process.ExitCode}");
        return output;
    }

    private static string AgentDll() => AgentProcess.AgentDll;
}
