using Dashboard.Contracts.Paths;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Contracts.Watches;
using Dashboard.Sockets.Payloads;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Paths;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Watches.Runs;

/// <summary>
/// Runs one watch once at one vantage point, with its owner's powers: the name resolved where the socket opens, the
/// policy asked about that address at every run (a rule added later stops the traffic and the run says why), then the
/// kind's check. Path and scan runs go through their feature services; TCP and UDP through the same gate as probes.
/// </summary>
public sealed class WatchChecks(VantagePoints points, TargetGate gate, PathCheckService paths, ScanService scans, TcpExchange exchange)
{
    public async Task<WatchOutcome> RunAsync(WatchSpec spec, Actor owner, string from, CancellationToken cancellationToken)
    {
        IVantagePoint vantage;
        try
        {
            vantage = await points.ResolveAsync(from.Length == 0 ? null : from, cancellationToken);
        }
        catch (RequestRefusedException e)
        {
            return WatchOutcome.Failed(from, from, "error", e.Message);
        }

        try
        {
            owner.Require(Role.Operator, "running a watch");
            return spec.Kind switch
            {
                WatchKind.Tcp => await TcpAsync(spec, owner, from, vantage, cancellationToken),
                WatchKind.Udp => await UdpAsync(spec, owner, from, vantage, cancellationToken),
                WatchKind.Path => await PathAsync(spec, owner, from, vantage, cancellationToken),
                WatchKind.Tls => await TlsAsync(spec, owner, from, vantage, cancellationToken),
                _ => await ScanAsync(spec, owner, from, vantage, cancellationToken),
            };
        }
        catch (RequestRefusedException e)
        {
            return WatchOutcome.Failed(from, vantage.Name, e.Kind == ErrorKind.Forbidden ? "denied" : "error", e.Message);
        }
        catch (Exception e) when (e is VantageLostException or VantageMisbehavedException)
        {
            return WatchOutcome.Failed(from, vantage.Name, "error", $"{vantage.Name}: {e.Message}");
        }
    }

    private async Task<(string? Literal, WatchOutcome? Refused)> GateAsync(WatchSpec spec, Actor owner, string from, IVantagePoint vantage, string feature,
        CancellationToken cancellationToken)
    {
        var answer = await gate.CheckAsync(vantage, owner, spec.Host!, spec.Port!.Value, feature, TimeSpan.FromMilliseconds(Math.Max(spec.TimeoutMs!.Value, 1_000)), cancellationToken);
        return answer switch
        {
            { NotResolved: { } error } => (null, WatchOutcome.Failed(from, vantage.Name, "error", $"{spec.Host} did not resolve at {vantage.Name}: {error}")),
            { Decision: { Allowed: false } decision } => (null, WatchOutcome.Failed(from, vantage.Name, "denied", $"the policy denies it: {decision.Message}")),
            _ => (answer.Literal, null),
        };
    }

    private async Task<WatchOutcome> TcpAsync(WatchSpec spec, Actor owner, string from, IVantagePoint vantage, CancellationToken cancellationToken)
    {
        var (literal, refused) = await GateAsync(spec, owner, from, vantage, "watch", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (spec.Payload is not null)
        {
            if (vantage.Id.Length > 0)
            {
                return WatchOutcome.Failed(from, vantage.Name, "error", $"sending bytes and matching the reply runs at this server only; {vantage.Name} is an agent");
            }

            return await exchange.RunAsync(spec, literal!, from, vantage.Name, cancellationToken);
        }

        var probe = await vantage.ProbeAsync(new ProbeRequest(literal!, spec.Port!.Value, spec.TimeoutMs), cancellationToken);
        var passed = spec.Expect switch
        {
            WatchExpectation.Open => probe.State == ProbeState.Open,
            WatchExpectation.Closed => probe.State == ProbeState.Closed,
            WatchExpectation.Filtered => probe.State == ProbeState.Filtered,
            _ => probe.State is ProbeState.Closed or ProbeState.Filtered or ProbeState.Unreachable,
        };
        return new WatchOutcome(from, vantage.Name, passed, WatchSpecs.Wire(probe.State), WatchOutcome.Clip(ProbeWords(probe)), probe.RttMs);
    }

    /// <summary>"open: connected in 0.4 ms", "closed: ECONNREFUSED (111) Connection refused".</summary>
    public static string ProbeWords(ProbeResult probe) => probe.State == ProbeState.Open
        ? $"open: connected to {probe.Address}:{probe.Port} in {probe.RttMs:0.###} ms"
        : $"{WatchSpecs.Wire(probe.State)}: {probe.CodeName} ({probe.Code}) {probe.Message}".TrimEnd();

    private async Task<WatchOutcome> UdpAsync(WatchSpec spec, Actor owner, string from, IVantagePoint vantage, CancellationToken cancellationToken)
    {
        var (literal, refused) = await GateAsync(spec, owner, from, vantage, "watch", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var sent = await vantage.SendUdpAsync(new UdpSendRequest(literal!, spec.Port!.Value, spec.Payload, spec.Encoding, 1, null, spec.TimeoutMs), cancellationToken);
        var reply = sent.Replies.Count > 0 ? sent.Replies[0] : null;
        var rtt = reply?.AfterMs;
        switch (spec.Expect)
        {
            case WatchExpectation.Reply when reply is null:
                return new WatchOutcome(from, vantage.Name, false, WatchSpecs.Wire(sent.State), WatchOutcome.Clip($"no reply within {spec.TimeoutMs} ms: {sent.CodeName} {sent.Message}".TrimEnd()), null);
            case WatchExpectation.Reply when spec.Match is not null:
                var mismatch = sent.Replies.Select(r => ReplyMatch.Mismatch(Convert.FromBase64String(r.PayloadBase64), spec.Match, spec.MatchKind!.Value)).ToList();
                return mismatch.Any(m => m is null)
                    ? new WatchOutcome(from, vantage.Name, true, "reply", $"a matching reply from {reply.From} after {rtt:0.###} ms", rtt)
                    : new WatchOutcome(from, vantage.Name, false, "mismatch", WatchOutcome.Clip(mismatch[0]!), rtt);
            case WatchExpectation.Reply:
                return new WatchOutcome(from, vantage.Name, true, "reply", $"{reply!.Bytes} bytes from {reply.From} after {rtt:0.###} ms", rtt);
            case WatchExpectation.Refused:
                return new WatchOutcome(from, vantage.Name, sent.State == UdpState.Refused, WatchSpecs.Wire(sent.State), WatchOutcome.Clip(UdpWords(sent)), rtt);
            default:
                return new WatchOutcome(from, vantage.Name, sent.State == UdpState.NoReply, WatchSpecs.Wire(sent.State), WatchOutcome.Clip(UdpWords(sent)), rtt);
        }
    }

    private static string UdpWords(UdpSendResult sent) => sent.State switch
    {
        UdpState.Replied => $"replied: {sent.Replies[0].Bytes} bytes from {sent.Replies[0].From}",
        UdpState.NoReply => "no reply and no refusal",
        _ => $"{WatchSpecs.Wire(sent.State)}: {sent.CodeName} ({sent.Code}) {sent.Message}".TrimEnd(),
    };

    private async Task<WatchOutcome> PathAsync(WatchSpec spec, Actor owner, string from, IVantagePoint vantage, CancellationToken cancellationToken)
    {
        var result = await paths.CheckForWatchAsync(owner,
            new PathCheckRequest(from.Length == 0 ? null : from, spec.PathTo!.Length == 0 ? null : spec.PathTo, spec.Port!.Value, spec.Protocol, spec.Host, spec.TimeoutMs),
            cancellationToken);
        var expected = spec.Expect == WatchExpectation.Reachable ? PathExpectation.Reachable : PathExpectation.Blocked;
        return new WatchOutcome(from, vantage.Name, result.Outcome == expected, PathCheckService.WireName(result.Outcome),
            WatchOutcome.Clip($"{PathCheckService.WireName(result.Outcome)}: {result.Detail}"), result.RttMs);
    }

    private async Task<WatchOutcome> ScanAsync(WatchSpec spec, Actor owner, string from, IVantagePoint vantage, CancellationToken cancellationToken)
    {
        var request = new ScanRequest(spec.Host!, spec.Ports!, spec.TimeoutMs, Discovery: HostDiscovery.Off) { From = from.Length == 0 ? null : from };
        var (open, denied) = await scans.OpenPortsForWatchAsync(owner, request, cancellationToken);
        var baseline = spec.Baseline ?? [];
        var appeared = open.Except(baseline).ToList();
        var vanished = baseline.Except(open).ToList();
        if (appeared.Count == 0 && vanished.Count == 0)
        {
            return new WatchOutcome(from, vantage.Name, true, "baseline",
                WatchOutcome.Clip($"open as expected: {(open.Count == 0 ? "none" : string.Join(",", open))}{(denied is null ? "" : $"; some skipped by the policy: {denied}")}"), null);
        }

        var words = new List<string>();
        if (appeared.Count > 0)
        {
            words.Add($"{Ports(appeared)} {(appeared.Count == 1 ? "is" : "are")} open, not in the baseline");
        }

        if (vanished.Count > 0)
        {
            words.Add($"{Ports(vanished)} from the baseline {(vanished.Count == 1 ? "is" : "are")} not open");
        }

        return new WatchOutcome(from, vantage.Name, false, "changed", WatchOutcome.Clip(string.Join("; ", words)), null);
    }

    private async Task<WatchOutcome> TlsAsync(WatchSpec spec, Actor owner, string from, IVantagePoint vantage, CancellationToken cancellationToken)
    {
        var (literal, refused) = await GateAsync(spec, owner, from, vantage, "watch", cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var sni = Sockets.Targets.HostName.TryParseAddress(spec.Host!, out _) ? "" : spec.Host;
        var result = await vantage.CheckTlsAsync(new Contracts.Tls.TlsCheckRequest(literal!, spec.Port!.Value, sni, TimeoutMs: spec.TimeoutMs), cancellationToken);
        return Tls.TlsWatchJudge.Judge(result, spec.MinDaysLeft ?? WatchSpecs.DefaultMinDaysLeft, from, vantage.Name);
    }

    private static string Ports(List<int> ports) => (ports.Count == 1 ? "port " : "ports ") + string.Join(",", ports);
}
