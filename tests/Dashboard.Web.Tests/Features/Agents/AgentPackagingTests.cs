using Dashboard.Contracts.Agents;

namespace Dashboard.Web.Tests.Features.Agents;

/// <summary>
/// How an agent is run in a container: its token from a file or the environment (never on a command line that
/// <c>ps</c> shows), a clear stop without one, a health file while it is connected.
/// </summary>
[Collection(AgentLabGroup.Name)]
public sealed class AgentPackagingTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TokenFromAFile_Connects_AndTheTokenIsNotOnTheCommandLine()
    {
        var created = await lab.CreateAsync("pkg-file");
        var file = Path.Combine(Path.GetTempPath(), "sd-agent-token-" + created.Agent.Id);
        await File.WriteAllTextAsync(file, "  " + created.Token + "\n", Token);
        try
        {
            var agent = lab.Keep(new AgentProcess(lab.Network.B, lab.Host.AddressOn(lab.Network.DashboardSideB), "pkg-file-host",
                new Dictionary<string, string>(), "--token-file", file, "--allow-targets", AgentLab.LabRange));

            await lab.WaitForAsync("pkg-file", AgentStatus.Online);

            var commandLine = (await File.ReadAllTextAsync($"/proc/{agent.ProcessId}/cmdline", Token)).Replace('\0', ' ');
            Assert.Contains("Dashboard.Agent.dll", commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain(created.Token, commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain("--token was given", agent.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TokenFromTheEnvironment_Connects_AndATokenOnTheCommandLineIsWarnedAbout()
    {
        var created = await lab.CreateAsync("pkg-env");
        var fromEnvironment = lab.Keep(new AgentProcess(lab.Network.B, lab.Host.AddressOn(lab.Network.DashboardSideB), "pkg-env-host",
            new Dictionary<string, string> { ["DASHBOARD_AGENT_TOKEN"] = created.Token }, "--allow-targets", AgentLab.LabRange));

        await lab.WaitForAsync("pkg-env", AgentStatus.Online);

        Assert.DoesNotContain(created.Token, (await File.ReadAllTextAsync($"/proc/{fromEnvironment.ProcessId}/cmdline", Token)).Replace('\0', ' '),
            StringComparison.Ordinal);
        Assert.DoesNotContain("which ps shows", fromEnvironment.Output, StringComparison.Ordinal);
        // The lab's own agents are given --token: each says once that ps shows it.
        await WaitUntilAsync(() => lab.Alpha.Output.Contains("The token was given with --token, which ps shows to every user of this machine", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "the agent token is required: an agent token made on the dashboard's Agents page, in the DASHBOARD_AGENT_TOKEN environment variable, in a file named by --token-file, or (visible in ps) --token")]
    [InlineData("/nonexistent/sd-agent-token", "--token-file /nonexistent/sd-agent-token cannot be read: ")]
    [InlineData("EMPTY", " is empty: write the agent token made on the dashboard's Agents page into it")]
    public void WithoutAUsableToken_TheAgentStopsAtStart_SayingWhereToPutIt(string? tokenFile, string expected)
    {
        var empty = Path.GetTempFileName();
        try
        {
            string[] extra = tokenFile is null ? [] : ["--token-file", tokenFile == "EMPTY" ? empty : tokenFile];
            using var agent = new AgentProcess(null, lab.Host.BaseAddress, "pkg-none", new Dictionary<string, string>(), extra);

            Assert.True(agent.WaitForExit(TimeSpan.FromMinutes(1)), agent.Output);
            Assert.NotEqual(0, agent.ExitCode);
            Assert.Contains(expected, agent.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [Fact]
    public async Task HealthFile_IsKeptFreshWhileConnected_AndRemovedWhenTheAgentIsCutOff()
    {
        var health = Path.Combine(Path.GetTempPath(), "sd-agent-health-" + Guid.NewGuid().ToString("N"));
        var created = await lab.CreateAsync("pkg-health");
        lab.Keep(new AgentProcess(lab.Network.B, lab.Host.AddressOn(lab.Network.DashboardSideB), "pkg-health-host",
            new Dictionary<string, string> { ["DASHBOARD_AGENT_TOKEN"] = created.Token }, "--health-file", health, "--allow-targets", AgentLab.LabRange));
        await lab.WaitForAsync("pkg-health", AgentStatus.Online);
        await WaitUntilAsync(() => File.Exists(health));
        var first = File.GetLastWriteTimeUtc(health);

        // The lab beats every second: a later heartbeat touches it again.
        await WaitUntilAsync(() => File.Exists(health) && File.GetLastWriteTimeUtc(health) > first);
        using var revoked = await lab.Http.DeleteAsync($"api/agents/{created.Agent.Id}", Token);
        revoked.EnsureSuccessStatusCode();

        await WaitUntilAsync(() => !File.Exists(health));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within a minute");
            await Task.Delay(100, Token);
        }
    }
}
