using System.Globalization;
using Dashboard.Contracts;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Agents;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Features.Watches.Pages;

/// <summary>
/// Make or change a watch: only the fields its kind takes, the vantage points to run from, its schedule and bounds.
/// "Try it" runs it once (nothing stored); the service's problems are shown beside the form in the form's words.
/// </summary>
public sealed partial class WatchFormPage
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["name"] = "Name", ["group"] = "Group", ["kind"] = "Kind", ["expect"] = "Expect", ["host"] = "Host", ["port"] = "Port", ["ports"] = "Ports",
        ["baseline"] = "Expected open", ["from"] = "From", ["pathTo"] = "Listening end", ["protocol"] = "Protocol", ["payload"] = "Payload",
        ["encoding"] = "Written as", ["match"] = "Reply must match", ["matchKind"] = "Match as", ["intervalSeconds"] = "Every (s)", ["cron"] = "Cron",
        ["timeZone"] = "Time zone", ["timeoutMs"] = "Timeout (ms)", ["confirmAfter"] = "Confirm after", ["remindMinutes"] = "Remind (min)",
    };

    private IReadOnlyList<VantagePointInfo> _points = [new("", Dashboard.Web.Vantage.LocalVantagePoint.ServerName, true)];
    private string _name = "";
    private string _group = "";
    private WatchKind _kind = WatchKind.Tcp;
    private WatchExpectation _expect = WatchExpectation.Open;
    private string _host = "";
    private string _port = "";
    private string _ports = "";
    private string _baseline = "";
    private ListenerProtocol _protocol = ListenerProtocol.Tcp;
    private string _pathTo = "";
    private string _payload = "";
    private PayloadEncoding _encoding = PayloadEncoding.Text;
    private string _match = "";
    private WatchMatchKind _matchKind = WatchMatchKind.Text;
    private IReadOnlyCollection<string> _from = [""];
    private bool _useCron;
    private int? _interval = 60;
    private string _cron = "";
    private string _timeZone = "";
    private int? _timeoutMs;
    private int? _confirmAfter;
    private int? _remindMinutes;
    private bool? _paused;
    private bool _busy;
    private string? _problem;
    private IReadOnlyList<WatchOutcome>? _outcomes;

    /// <summary>The watch being changed; null when making a new one.</summary>
    [Parameter]
    public string? WatchId { get; set; }

    [Inject]
    private WatchService Watches { get; set; } = default!;

    [Inject]
    private WatchReads Reads { get; set; } = default!;

    [Inject]
    private AgentService Agents { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var actor = Actor.Current;
        _points = await Agents.VantagePointsAsync(actor, CancellationToken.None);
        if (WatchId is null)
        {
            return;
        }

        try
        {
            Fill((await Reads.GetAsync(actor, WatchId, CancellationToken.None)).Spec);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private void Fill(WatchSpec spec)
    {
        (_name, _group, _kind, _expect) = (spec.Name ?? "", spec.Group ?? "", spec.Kind ?? WatchKind.Tcp, spec.Expect ?? WatchExpectation.Open);
        (_host, _port, _ports) = (spec.Host ?? "", spec.Port?.ToString(CultureInfo.InvariantCulture) ?? "", spec.Ports ?? "");
        _baseline = string.Join(",", spec.Baseline ?? []);
        (_protocol, _pathTo) = (spec.Protocol ?? ListenerProtocol.Tcp, spec.PathTo ?? "");
        (_payload, _encoding, _match, _matchKind) = (spec.Payload ?? "", spec.Encoding ?? PayloadEncoding.Text, spec.Match ?? "", spec.MatchKind ?? WatchMatchKind.Text);
        _from = spec.From is { Count: > 0 } from ? [.. from] : [""];
        (_useCron, _interval, _cron, _timeZone) = (spec.Cron is not null, spec.IntervalSeconds, spec.Cron ?? "", spec.TimeZone ?? "");
        (_timeoutMs, _confirmAfter, _remindMinutes, _paused) = (spec.TimeoutMs, spec.ConfirmAfter, spec.RemindMinutes, spec.Paused);
    }

    private void OnKindChanged(WatchKind kind)
    {
        _kind = kind;
        _expect = WatchSpecs.ExpectationsOf(kind)[0];
    }

    /// <summary>What the form holds, as the API would take it: only what the kind takes.</summary>
    internal WatchSpec Spec()
    {
        var takesTarget = _kind is not WatchKind.Path;
        var takesPayload = _kind is WatchKind.Tcp or WatchKind.Udp;
        return new WatchSpec(
            _name, Blank(_group), _kind, _expect,
            Host: takesTarget ? Blank(_host) : null,
            Port: _kind is WatchKind.Scan ? null : PortOf(_port),
            Ports: _kind is WatchKind.Scan ? Blank(_ports) : null,
            Baseline: _kind is WatchKind.Scan ? BaselineOf(_baseline) : null,
            From: [.. _from],
            PathTo: _kind is WatchKind.Path ? _pathTo : null,
            Protocol: _kind is WatchKind.Path ? _protocol : null,
            Payload: takesPayload ? Blank(_payload) : null,
            Encoding: takesPayload && _payload.Length > 0 ? _encoding : null,
            Match: takesPayload ? Blank(_match) : null,
            MatchKind: takesPayload && _match.Length > 0 ? _matchKind : null,
            IntervalSeconds: _useCron ? null : _interval,
            Cron: _useCron ? Blank(_cron) : null,
            TimeZone: _useCron ? Blank(_timeZone) : null,
            TimeoutMs: _timeoutMs, ConfirmAfter: _confirmAfter, RemindMinutes: _remindMinutes, Paused: _paused);
    }

    private async Task TryAsync() => await RunAsync(async actor => _outcomes = await Watches.PreviewAsync(actor, Spec(), CancellationToken.None));

    private async Task SaveAsync() => await RunAsync(async actor =>
    {
        var saved = WatchId is null
            ? await Watches.CreateAsync(actor, Spec(), CancellationToken.None)
            : await Watches.UpdateAsync(actor, WatchId, Spec(), CancellationToken.None);
        Navigation.NavigateTo($"watches/{saved.Id}");
    });

    private async Task RunAsync(Func<Actor, Task> act)
    {
        (_busy, _problem) = (true, null);
        try
        {
            await act(Actor.Current);
        }
        catch (RequestRefusedException e)
        {
            _problem = FieldWords.Relabel(e.Message, Labels);
        }
        catch (FormatException e)
        {
            _problem = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    // A vantage point's name where the select shows its id ("" is this server).
    private string NameOf(string? id) => _points.FirstOrDefault(p => p.Id == id)?.Name ?? id ?? "";

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <exception cref="FormatException">Not a number.</exception>
    private static int? PortOf(string text) => string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port
        : throw new FormatException($"Port: not a number, got '{(text.Length > 20 ? text[..20] + "…" : text)}'; give 1-65535");

    /// <exception cref="FormatException">A part is not a number.</exception>
    private static List<int>? BaselineOf(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var ports = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ports.Add(int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port
                : throw new FormatException($"Expected open: '{(part.Length > 20 ? part[..20] + "…" : part)}' is not a port; give comma separated ports, e.g. 22,443"));
        }

        return ports;
    }
}
