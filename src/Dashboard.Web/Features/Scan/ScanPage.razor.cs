using System.Globalization;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// The Scan page: the form, then the scan at <c>/scan/{id}</c> with its progress, its live results
/// and its exports. The scan belongs to the server: leaving, reloading or closing the page leaves it running, and
/// <c>/scan/{id}</c> shows it again; only Cancel (its owner or an Admin) or its time limit stop it.
/// </summary>
public sealed partial class ScanPage : IAsyncDisposable
{
    private static readonly (string Label, string Spec)[] PortSets = [("top100", "top100"), ("top1000", "top1000"), ("all ports", "1-65535")];
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["targets"] = "Targets", ["ports"] = "Ports", ["timeoutMs"] = "Timeout (ms)", ["concurrency"] = "Concurrency",
    };
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    private MudForm? _form;
    private string _targets = "";
    private string _from = "";
    private string _ports = "top100";
    private int? _timeoutMs;
    private int? _concurrency;
    private bool _starting;
    private string? _problem;

    private ScanJob? _job;
    private ScanResultView? _view;
    private IReadOnlyList<HostResult> _hosts = [];
    private ScanResultsGrid? _grid;
    private CancellationTokenSource? _ticking;
    private readonly CancellationTokenSource _lifetime = new();

    [Parameter]
    public string? ScanId { get; set; }

    [Inject]
    private ScanService Scans { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool Running => _job is { IsFinished: false };

    private string ShareLink => _job is null ? "" : Navigation.ToAbsoluteUri($"scan/{_job.Id}").ToString();

    private static string Shape(ScanJob job) => string.Create(CultureInfo.InvariantCulture,
        $"{job.AddressCount:N0} {(job.AddressCount == 1 ? "address" : "addresses")} × {job.PortCount:N0} {(job.PortCount == 1 ? "port" : "ports")} ({PortsText(job.Request.Ports)})");

    /// <summary>nmap's <c>-</c> for all ports, written out: a lone dash reads as "nothing".</summary>
    public static string PortsText(string ports) => ports.Trim() == "-" ? "1-65535" : ports;

    // The exports hold what the grid shows: its state filter goes into the link, and the page says so.
    private string ExportLink(string format) =>
        $"api/scans/{_job!.Id}/results.{format}" + (AllShown ? "" : "?states=" + string.Join(',', ShownStates));

    private bool AllShown => _view!.Shown.Count == Enum.GetValues<ProbeState>().Length;

    private IEnumerable<string> ShownStates => Enum.GetValues<ProbeState>().Where(_view!.Shown.Contains).Select(s => WireName.Of(s));

    private string ExportScope => AllShown ? "every result" : _view!.Shown.Count == 0 ? "nothing (no state shown)" : $"the {string.Join(", ", ShownStates)} results shown";

    protected override void OnParametersSet()
    {
        if (ScanId is null || ScanId == _job?.Id)
        {
            return;
        }

        try
        {
            Watch(Scans.Get(Actor.Current, ScanId));
            (_targets, _ports, _timeoutMs, _concurrency) = (_job!.Request.Targets, _job.Request.Ports, _job.Request.TimeoutMs, _job.Request.Concurrency);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private string? TargetsProblem(string targets) => FieldWords.Relabel(
        FieldLimits.Filled(targets, FieldLimits.Targets, "targets", "write runs of addresses as CIDR blocks (10.0.0.0/20)")
        ?? Scans.TargetsProblem(targets), Labels);

    private static string? PortsProblem(string ports) => FieldWords.Relabel(
        FieldLimits.Filled(ports, FieldLimits.Ports, "ports", "write runs of ports as ranges (8000-8100) or a named set (top1000)")
        ?? ScanService.PortsProblem(ports), Labels);

    private string? TimeoutProblem(int? timeoutMs) => FieldWords.Relabel(Scans.TimeoutProblem(timeoutMs), Labels);

    private string? ConcurrencyProblem(int? concurrency) => FieldWords.Relabel(Scans.ConcurrencyProblem(concurrency), Labels);

    private Task OnKeyDownAsync(KeyboardEventArgs e) => e.Key == "Enter" ? StartAsync() : Task.CompletedTask;

    private async Task StartAsync()
    {
        if (_form is null || _starting || Running)
        {
            return;
        }

        // A new submit: the scan and the alert shown answered the old input, so they go, even if this one is refused.
        _problem = null;
        Unwatch();
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        _starting = true;
        _problem = null;
        try
        {
            var job = await Scans.StartAsync(Actor.Current, new ScanRequest(_targets.Trim(), _ports.Trim(), _timeoutMs, _concurrency) { From = _from }, _lifetime.Token);
            Watch(job);
            Navigation.NavigateTo($"scan/{job.Id}");
        }
        catch (RequestRefusedException e)
        {
            _problem = FieldWords.Relabel(e.Message, Labels);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
        finally
        {
            _starting = false;
        }
    }

    private void Cancel()
    {
        try
        {
            if (_job is not null)
            {
                Scans.Cancel(Actor.Current, _job.Id);
            }
        }
        catch (RequestRefusedException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
    }

    // Stops showing the scan on screen (it keeps running on the server, and stays in the list below).
    private void Unwatch()
    {
        if (_job is null)
        {
            return;
        }

        _ticking?.Cancel();
        (_job, _view) = (null, null);
        if (ScanId is not null)
        {
            Navigation.NavigateTo("scan", new NavigationOptions { ReplaceHistoryEntry = true });
        }
    }

    private void Watch(ScanJob job)
    {
        _ticking?.Cancel();
        _job = job;
        _view = new ScanResultView(job.Results, () => job.Visible);
        _view.Refresh();
        _hosts = job.Hosts;
        _ticking = new CancellationTokenSource();
        _ = FollowAsync(job, _ticking.Token);
    }

    // Redraws a few times a second while results come, never once per result.
    private async Task FollowAsync(ScanJob job, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Tick);
            var last = false;
            while (!last && await timer.WaitForNextTickAsync(cancellationToken))
            {
                last = job.IsFinished;
                await InvokeAsync(async () =>
                {
                    if (_view!.Refresh() && _grid is not null)
                    {
                        await _grid.RefreshAsync();
                    }

                    // A new list only when hosts were added: the host rows redraw only then.
                    if (job.HostCount != _hosts.Count)
                    {
                        _hosts = job.Hosts;
                    }

                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    public ValueTask DisposeAsync()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
        _ticking?.Cancel();
        _ticking?.Dispose();
        return ValueTask.CompletedTask;
    }
}
