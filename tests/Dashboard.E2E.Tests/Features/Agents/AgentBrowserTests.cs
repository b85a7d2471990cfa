using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dashboard.Contracts.Agents;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Features.Agents;

/// <summary>A real agent process beside the test (loopback is its whole network here), seen and used through the browser.</summary>
public sealed class AgentBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task AgentsPage_ListsAnOnlineAgent_AndAProbeRunsFromIt()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var agent = await StartAgentAsync("e2e-agent");

        var agents = await session.OpenAsync("agents", 1440);
        var row = agents.GetByTestId("agent-list").Locator("tr", new LocatorLocatorOptions { HasText = "e2e-agent" });
        await Assertions.Expect(row.GetByTestId("agent-status")).ToHaveTextAsync("online");
        await agents.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("agents-light.png"), FullPage = true });
        await agents.SetViewportSizeAsync(390, 900);
        await Assertions.Expect(agents.GetByTestId("agent-status").First).ToHaveTextAsync("online");
        await agents.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("agents-phone-light.png"), FullPage = true });

        var page = agents;
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync("probe");
        await BrowserSession.WaitInteractiveAsync(page);
        var from = page.Locator(".mud-select", new PageLocatorOptions { Has = page.Locator("#probe-from") }).Last;
        await from.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "e2e-agent" }).ClickAsync();
        await page.Locator("#probe-host").FillAsync("127.0.0.1");
        await page.Locator("#probe-port").FillAsync(listener.Port.ToString(CultureInfo.InvariantCulture));
        await page.Locator("#probe-timeout").FillAsync("10000");
        await page.Locator("#probe-submit").ClickAsync();

        var card = page.GetByTestId("probe-result");
        await Assertions.Expect(card.GetByTestId("probe-from")).ToHaveTextAsync("e2e-agent");
        await Assertions.Expect(card.GetByTestId("probe-code")).ToHaveTextAsync("0 OK");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("probe-from-agent-light.png"), FullPage = true });
        await page.ReloadAsync();
        await BrowserSession.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator(".mud-select", new PageLocatorOptions { Has = page.Locator("#probe-from") }).Last).ToContainTextAsync("e2e-agent");

        // Another browser (a fresh context, signed in anew) opens another page on the same choice: it is stored for the user.
        var elsewhere = await session.OpenAsync("udp", 1440);
        await Assertions.Expect(elsewhere.Locator(".mud-select", new PageLocatorOptions { Has = elsewhere.Locator("#udp-from") }).Last)
            .ToContainTextAsync("e2e-agent");
        await elsewhere.Context.CloseAsync();

        // The same choice holds on the Paths page: a nonce from the agent to a listener on this server.
        await page.GotoAsync("paths");
        await BrowserSession.WaitInteractiveAsync(page);
        await page.Locator("#path-host").FillAsync("127.0.0.1");
        await page.Locator("#path-port").FillAsync(FreePort().ToString(CultureInfo.InvariantCulture));
        await page.Locator("#path-check").ClickAsync();
        var result = page.GetByTestId("path-result");
        await Assertions.Expect(result).ToContainTextAsync("reachable");
        await Assertions.Expect(result).ToContainTextAsync("e2e-agent → this server");
        await Assertions.Expect(result).ToContainTextAsync("byte for byte");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("paths-light.png"), FullPage = true });
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream,
            System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private async Task<AgentProcess> StartAgentAsync(string name)
    {
        using var http = session.Dashboard.Http();
        using var response = await http.PostAsync(new Uri("api/agents", UriKind.Relative),
            new StringContent($"{{\"name\":\"{name}\"}}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<AgentCreated>())!;
        var agent = new AgentProcess(null, session.Dashboard.BaseAddress, created.Token, name);
        for (var deadline = DateTime.UtcNow.AddMinutes(1); ; await Task.Delay(100))
        {
            var list = await http.GetFromJsonAsync<List<AgentInfo>>(new Uri("api/agents", UriKind.Relative));
            if (list!.Any(a => a.Name == name && a.Status == AgentStatus.Online))
            {
                return agent;
            }

            Assert.True(DateTime.UtcNow < deadline, "the agent did not come online: " + agent.Output);
        }
    }
}
