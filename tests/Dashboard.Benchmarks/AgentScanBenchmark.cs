using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Scan;

namespace Dashboard.Benchmarks;

/// <summary>
/// The issue's agent goal: all 65,535 ports of 127.0.0.1 inside a private namespace, received by a SignalR
/// client through the dashboard, run from the dashboard itself and from an agent beside it (same namespace,
/// same target), alternating; the engine alone and nmap beside. Goal: agent at most 1.3× the dashboard.
/// </summary>
internal static class AgentScanBenchmark
{
    private const double Goal = 1.3;
    private static readonly int[] KnownOpen = [22, 80, 443, 8080, 31337];

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var listeners = KnownOpen.Select(port =>
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return listener;
        }).ToList();
        await using var dashboard = await DashboardProcess.StartAsync(options.WebDll);
        using var agent = await StartAgentAsync(dashboard);
        var request = new ScanRequest("127.0.0.1", "-", TimeoutMs: 1000, Concurrency: 1024, Compact: true);
        var fromAgent = request with { From = "bench" };
        var server = new Measurement("from the dashboard (hub client, compact batches)");
        var remote = new Measurement("from an agent beside it (hub client, compact batches)");
        var serverRun = new Measurement("from the dashboard, no watcher (the scan's own elapsedMs)");
        var remoteRun = new Measurement("from the agent, no watcher (the scan's own elapsedMs)");
        var engine = new Measurement("engine alone");
        var nmap = new Measurement("nmap -n -sT -p- --min-rate 20000");

        await Contenders.HubAsync(dashboard, request);
        await Contenders.HubAsync(dashboard, fromAgent);
        for (var round = 0; round < options.Rounds; round++)
        {
            // Each round starts with the other one, so neither always runs after a quiet spell.
            foreach (var (times, asked) in round % 2 == 0 ? [(server, request), (remote, fromAgent)] : new[] { (remote, fromAgent), (server, request) })
            {
                var (s, open, n) = await Contenders.HubAsync(dashboard, asked);
                times.Add(s, open, n);
            }

            // The same scans started over REST with nobody watching: what the scan itself takes, without the delivery.
            foreach (var (times, asked) in round % 2 == 0 ? [(serverRun, request), (remoteRun, fromAgent)] : new[] { (remoteRun, fromAgent), (serverRun, request) })
            {
                var (s, open, n) = await UnwatchedAsync(dashboard, asked);
                times.Add(s, open, n);
            }

            var (es, eOpen, en) = await Contenders.EngineAsync(request);
            engine.Add(es, eOpen, en);
            var (ns, nOpen, nn) = await Contenders.NmapAsync(["-n", "-sT", "-p-", "--min-rate", "20000", "127.0.0.1"]);
            nmap.Add(ns, nOpen, nn);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: dashboard {server.Runs.Split(' ')[^1]} s, agent {remote.Runs.Split(' ')[^1]} s, engine {engine.Runs.Split(' ')[^1]} s, nmap {nmap.Runs.Split(' ')[^1]} s"));
        }

        listeners.ForEach(l => l.Stop());
        var ratio = remote.Median / server.Median;
        var note = string.Create(CultureInfo.InvariantCulture,
            $"agent / dashboard, received by a hub client: {ratio:F2}× (goal ≤ {Goal:F1}×: {(ratio <= Goal ? "met" : "NOT met")}); with no watcher: {remoteRun.Median / serverRun.Median:F2}×; agent / engine alone: {remote.Median / engine.Median:F2}×; dashboard peak RSS {dashboard.PeakRssMiB():F0} MiB");
        var expected = KnownOpen.Append(dashboard.Port).Order();
        return Report.Print("Full-range TCP connect scan of 127.0.0.1 from the dashboard and from an agent (65,535 ports, private netns)",
            nmap, [server, remote, serverRun, remoteRun, engine], expected, note, 65_535);
    }

    /// <summary>Started over REST, polled until it ends; its time is the scan's own <c>elapsedMs</c>, its open ports from the results.</summary>
    private static async Task<(double Seconds, List<int> Open, long Results)> UnwatchedAsync(DashboardProcess dashboard, ScanRequest request)
    {
        using var http = dashboard.Http();
        using var started = await http.PostAsJsonAsync("api/scans", request);
        var location = started.EnsureSuccessStatusCode().Headers.Location ?? throw new InvalidOperationException("no Location");
        var path = location.OriginalString.TrimStart('/');
        ScanStatus status;
        do
        {
            await Task.Delay(50);
            status = await http.GetFromJsonAsync<ScanStatus>(path) ?? throw new InvalidOperationException("no status");
        }
        while (status.State == ScanState.Running);

        if (status.State != ScanState.Completed)
        {
            throw new InvalidOperationException($"scan ended {status.State}");
        }

        using var results = await http.GetAsync($"{path}/results?state=open&pageSize=1000");
        var open = System.Text.RegularExpressions.Regex.Matches(await results.Content.ReadAsStringAsync(), "\"port\":(\\d+)")
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        return (status.ElapsedMs / 1000, open, status.Completed);
    }

    private static async Task<AgentProcess> StartAgentAsync(DashboardProcess dashboard)
    {
        using var http = dashboard.Http();
        var created = await (await http.PostAsJsonAsync("api/agents", new CreateAgentRequest("bench"))).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<AgentCreated>() ?? throw new InvalidOperationException("no agent token");
        var agent = new AgentProcess(null, dashboard.Address, "bench", new Dictionary<string, string> { ["DASHBOARD_AGENT_TOKEN"] = created.Token },
            "--allow-targets", "127.0.0.0/8");
        for (var i = 0; i < 600; i++)
        {
            var agents = await http.GetFromJsonAsync<AgentInfo[]>("api/agents") ?? [];
            if (agents.Any(a => a.Name == "bench" && a.Status == AgentStatus.Online))
            {
                return agent;
            }

            if (agent.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        agent.Dispose();
        throw new InvalidOperationException($"the agent never came online:\n{agent.Output}");
    }
}
