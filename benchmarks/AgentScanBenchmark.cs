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
/// same target), in turn; the engine alone and nmap beside. Goal: agent at most 1.3× the dashboard.
/// <c>SD_OLD_AGENT_DLL</c> adds another agent build (an older version) as a further contender under the same load.
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
        using var agent = await StartAgentAsync(dashboard, "bench", AgentProcess.AgentDll);
        var oldDll = Environment.GetEnvironmentVariable("SD_OLD_AGENT_DLL");
        using var oldAgent = oldDll is { Length: > 0 } ? await StartAgentAsync(dashboard, "bench-old", oldDll) : null;
        var request = new ScanRequest("127.0.0.1", "-", TimeoutMs: 1000, Concurrency: 1024, Compact: true);
        var server = new Contender("from the dashboard", request, null);
        var remote = new Contender("from an agent beside it", request with { From = "bench" }, agent);
        List<Contender> contenders = oldAgent is null ? [server, remote]
            : [server, remote, new Contender("from an older agent build beside it", request with { From = "bench-old" }, oldAgent)];
        var engine = new Measurement("engine alone");
        var nmap = new Measurement("nmap -n -sT -p- --min-rate 20000");

        foreach (var contender in contenders)
        {
            await Contenders.HubAsync(dashboard, contender.Request);
        }

        for (var round = 0; round < options.Rounds; round++)
        {
            // Each round starts with another contender, so none always runs after a quiet spell.
            var order = contenders.Skip(round % contenders.Count).Concat(contenders.Take(round % contenders.Count)).ToList();
            foreach (var contender in order)
            {
                var cpu = contender.CpuSeconds(dashboard);
                var (s, open, n) = await Contenders.HubAsync(dashboard, contender.Request);
                contender.Watched.Add(s, open, n);
                contender.Cpu.Add(contender.CpuSeconds(dashboard) - cpu);
            }

            // The same scans started over REST with nobody watching: what the scan itself takes, without the delivery.
            foreach (var contender in order)
            {
                var (s, open, n) = await UnwatchedAsync(dashboard, contender.Request);
                contender.Unwatched.Add(s, open, n);
            }

            var (es, eOpen, en) = await Contenders.EngineAsync(request);
            engine.Add(es, eOpen, en);
            var (ns, nOpen, nn) = await Contenders.NmapAsync(["-n", "-sT", "-p-", "--min-rate", "20000", "127.0.0.1"]);
            nmap.Add(ns, nOpen, nn);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: {string.Join(", ", contenders.Select(c => $"{c.Name} {c.Watched.Runs.Split(' ')[^1]} s"))}, engine {engine.Runs.Split(' ')[^1]} s, nmap {nmap.Runs.Split(' ')[^1]} s"));
        }

        listeners.ForEach(l => l.Stop());
        var note = string.Join('\n', contenders.Skip(1).Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Name} / from the dashboard, received by a hub client: {c.Watched.Median / server.Watched.Median:F2}× of the medians (goal ≤ {Goal:F1}×: {(c.Watched.Median / server.Watched.Median <= Goal ? "met" : "NOT met")}), median of the rounds' own ratios {Paired(c.Watched, server.Watched):F2}×; with no watcher {c.Unwatched.Median / server.Unwatched.Median:F2}× (rounds' own {Paired(c.Unwatched, server.Unwatched):F2}×)")))
            + "\n" + string.Join("; ", contenders.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"CPU per watched scan {c.Name}: {Median(c.Cpu):F2} s (dashboard{(c.Agent is null ? "" : " + agent")})")))
            + string.Create(CultureInfo.InvariantCulture, $"\ndashboard peak RSS {dashboard.PeakRssMiB():F0} MiB{(oldAgent is null ? "" : $"; the older agent build: {oldDll}")}");
        var expected = KnownOpen.Append(dashboard.Port).Order();
        return Report.Print("Full-range TCP connect scan of 127.0.0.1 from the dashboard and from an agent (65,535 ports, private netns)",
            nmap, [.. contenders.Select(c => c.Watched), .. contenders.Select(c => c.Unwatched), engine], expected, note, 65_535);
    }

    /// <summary>The median of each round's own ratio: the load on a shared machine swings from round to round, less within one.</summary>
    private static double Paired(Measurement a, Measurement b) =>
        Median([.. a.Runs.Split(' ').Zip(b.Runs.Split(' '), (x, y) => double.Parse(x, CultureInfo.InvariantCulture) / double.Parse(y, CultureInfo.InvariantCulture))]);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<AgentProcess> StartAgentAsync(DashboardProcess dashboard, string name, string dll)
    {
        using var http = dashboard.Http();
        var created = await (await http.PostAsJsonAsync("api/agents", new CreateAgentRequest(name))).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<AgentCreated>() ?? throw new InvalidOperationException("no agent token");
        // The token as in production: in the environment, not on the command line. An older agent takes it from Agent__Token.
        var agent = new AgentProcess(dll, null, dashboard.Address, name,
            new Dictionary<string, string> { ["DASHBOARD_AGENT_TOKEN"] = created.Token, ["Agent__Token"] = created.Token }, "--allow-targets", "127.0.0.0/8");
        for (var i = 0; i < 600; i++)
        {
            var agents = await http.GetFromJsonAsync<AgentInfo[]>("api/agents") ?? [];
            if (agents.Any(a => a.Name == name && a.Status == AgentStatus.Online))
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
        throw new InvalidOperationException($"agent {name} never came online:\n{agent.Output}");
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

    /// <summary>One way of running the scan: from the dashboard (no agent) or from an agent.</summary>
    private sealed class Contender(string name, ScanRequest request, AgentProcess? agent)
    {
        public string Name { get; } = name;

        public ScanRequest Request { get; } = request;

        public AgentProcess? Agent { get; } = agent;

        public Measurement Watched { get; } = new($"{name} (hub client, compact batches)");

        public Measurement Unwatched { get; } = new($"{name}, no watcher (the scan's own elapsedMs)");

        public List<double> Cpu { get; } = [];

        /// <summary>CPU seconds so far of the processes this contender uses: the dashboard, and its agent.</summary>
        public double CpuSeconds(DashboardProcess dashboard) => dashboard.CpuSeconds() + (Agent is null ? 0 : ProcessCpuSeconds(Agent.ProcessId));
    }

    private static double ProcessCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
