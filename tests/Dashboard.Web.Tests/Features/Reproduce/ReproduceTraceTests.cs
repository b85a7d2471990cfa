using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Contracts.Reproduce;
using Dashboard.Contracts.Trace;
using Dashboard.Web.Tests.Features.Trace;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>
/// The <c>traceroute -T</c> (UDP: <c>-U</c>) line the dashboard gives for an agent's trace, run by <c>sh</c> in the agent's own
/// namespace (as root, as the line says), reaches the same last hop with the same meaning as the trace it was made for.
/// </summary>
public sealed partial class ReproduceTraceTests(TracingAgent lab) : IClassFixture<TracingAgent>, IDisposable
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("open", false)]
    [InlineData("open", true)]
    [InlineData("closed", false)]
    [InlineData("reject", false)]
    [InlineData("reject", true)]
    [InlineData("drop", false)]
    [InlineData("udp closed", false)]
    [InlineData("udp open", true)]
    [InlineData("udp reject", true)]
    public async Task TraceFromAgent_TheTracerouteLine_EndsAtTheSameHopWithTheSameMeaning(string path, bool ipv6)
    {
        var protocol = path.StartsWith("udp ", StringComparison.Ordinal) ? "udp" : "tcp";
        if (path.EndsWith("reject", StringComparison.Ordinal))
        {
            lab.Topology.RejectAt(2, protocol);
        }
        else if (path == "drop")
        {
            lab.Topology.DropAt(3);
        }

        var server = ipv6 ? RoutedTopology.ServerV6 : RoutedTopology.ServerV4;
        var port = path.EndsWith("closed", StringComparison.Ordinal) ? RoutedTopology.ClosedPort : RoutedTopology.OpenPort;
        using var response = await lab.Http.PostJsonAsync("api/trace",
            $"{{\"host\":\"{server}\",\"port\":{port},\"protocol\":\"{protocol}\",\"from\":\"{TracingAgent.Name}\",\"maxHops\":8,\"timeoutMs\":1000}}", Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        var result = (await response.Content.ReadFromJsonAsync<TraceResult>(Token))!;
        var commands = await lab.Http.GetFromJsonAsync<ReproduceCommands>(new Uri($"api/history/{result.Id}/commands", UriKind.Relative),
            Dashboard.Web.Hosting.WireJson.Options, Token);
        var traceroute = commands!.Commands.First(c => c.Tool == "traceroute");
        Assert.Contains(protocol == "udp" ? $"-U -p {port}" : $"-T -p {port}", traceroute.Line, StringComparison.Ordinal);

        var output = await ShellRun.RunAsync("sh", $"ip netns exec {lab.Topology.Client} sh -c {Dashboard.Web.Features.Reproduce.ShellQuote.Posix(traceroute.Line)}",
            TimeSpan.FromMinutes(1), Token);

        Assert.Equal(Ours(result), Theirs(output.All));
    }

    public void Dispose() => lab.Topology.ClearRules();

    // The last hop that answered, its address, and what it said: "reached" (the host itself), "!X" (administratively prohibited).
    private static string Ours(TraceResult result)
    {
        var last = result.Hops.Last(h => h.Address is not null);
        var said = result.Outcome switch
        {
            TraceOutcome.Open or TraceOutcome.Refused => "reached",
            TraceOutcome.Unreachable when last.Tries.Any(t => t.Meaning == "administratively prohibited") => "!X",
            TraceOutcome.Dropped => "passes it on",
            var other => other.ToString(),
        };
        return $"{last.Hop} {last.Address} {said}";
    }

    // traceroute prints a line per hop; after the last that answered come only "* * *" lines (a drop) or none.
    private static string Theirs(string output)
    {
        var hops = output.Split('\n').Select(line => HopLine().Match(line)).Where(m => m.Success).ToList();
        var last = hops.LastOrDefault(m => m.Groups[2].Success);
        if (last is null)
        {
            return $"unparsed: {output}";
        }

        var hop = last.Groups[1].Value;
        var address = last.Groups[2].Value;
        var header = HeaderLine().Match(output);
        var said = last.Value.Contains("!X", StringComparison.Ordinal) ? "!X"
            : header.Success && header.Groups[1].Value == address ? "reached" : "passes it on";
        return $"{hop} {address} {said}";
    }

    [GeneratedRegex(@"^[ \t]*(\d+)[ \t]+(?:\*[ \t]+)*([0-9a-f.:]+[0-9a-f])?[^\n]*", RegexOptions.Multiline)]
    private static partial Regex HopLine();

    [GeneratedRegex(@"^traceroute to \S+ \(([0-9a-f.:]+)\)", RegexOptions.Multiline)]
    private static partial Regex HeaderLine();
}
