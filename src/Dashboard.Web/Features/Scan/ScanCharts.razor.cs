using System.Globalization;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Scan;

/// <summary>A scan's state breakdown (donut) and RTT histogram (bars), live and throttled, each with a text summary.</summary>
public sealed partial class ScanCharts
{
    /// <summary>How often the charts are redrawn while the scan runs: an SVG redraw per 200 ms tick would cost more than it shows.</summary>
    public static readonly TimeSpan Throttle = TimeSpan.FromSeconds(1);

    private static readonly ProbeState[] States = Enum.GetValues<ProbeState>();

    private ScanJob? _job;
    private RttHistogram? _rtt;
    private DateTimeOffset _drawn = DateTimeOffset.MinValue;
    private bool _finishedDrawn;
    private bool? _drawnDark;

    private List<ChartSeries<double>> _stateSeries = [];
    private string[] _stateLabels = [];
    private DonutChartOptions _stateOptions = new();
    private List<ChartSeries<double>> _rttSeries = [];
    private string[] _rttLabels = [.. RttHistogram.Labels];
    private BarChartOptions _rttOptions = new();

    /// <summary>The scan.</summary>
    [Parameter, EditorRequired]
    public ScanJob Job { get; set; } = default!;

    /// <summary>This viewer's counts per state.</summary>
    [Parameter, EditorRequired]
    public ScanResultView View { get; set; } = default!;

    [CascadingParameter(Name = DarkModeCascade.Name)]
    public bool DarkMode { get; set; }

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    /// <summary>Redraws so far (for tests: the charts move while a scan runs).</summary>
    public int Draws { get; private set; }

    /// <summary>The smallest slice drawn, as a share of the donut: 6 open ports among 65,535 must still show.</summary>
    public const double MinSliceShare = 0.02;

    // Taken with the donut, so the words and the picture always say the same counts.
    private string _statesSummary = "No ports probed yet.";

    private static string StatesSummaryOf(ScanResultView view)
    {
        var read = Math.Max(1, view.Read);
        var parts = States.Where(s => view.CountOf(s) > 0)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{view.CountOf(s):N0} {WireName.Of(s)} ({100.0 * view.CountOf(s) / read:0.#} %)"));
        var small = States.Any(s => view.CountOf(s) > 0 && view.CountOf(s) < read * MinSliceShare) && States.Count(s => view.CountOf(s) > 0) > 1
            ? " Slices under 2 % are drawn at 2 % so they show."
            : "";
        return view.Read == 0 ? "No ports probed yet." : $"Of {view.Read.ToString("N0", CultureInfo.InvariantCulture)} ports probed: {string.Join(", ", parts)}.{small}";
    }

    private string RttSummary =>
        _rtt is not { Measured: > 0 } rtt
            ? "No round-trip times yet: only open and closed ports answer."
            : string.Create(CultureInfo.InvariantCulture,
                $"{rtt.Measured:N0} answers: median {rtt.Quantile(0.5):0.###} ms, 90th percentile {rtt.Quantile(0.9):0.###} ms, slowest {rtt.Max:0.###} ms.");

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_job, Job))
        {
            (_job, _rtt, _drawn, _finishedDrawn) = (Job, new RttHistogram(Job.Results), DateTimeOffset.MinValue, false);
        }

        var now = Time.GetUtcNow();
        var finished = Job.IsFinished;
        if (now - _drawn < Throttle && !(finished && !_finishedDrawn) && _drawnDark == DarkMode)
        {
            return;
        }

        _drawn = now;
        _finishedDrawn = finished;
        _drawnDark = DarkMode;
        _rtt!.Refresh();
        Draw();
    }

    private void Draw()
    {
        Draws++;
        var shown = States.Where(s => View.CountOf(s) > 0).ToArray();
        if (shown.Length == 0)
        {
            shown = [ProbeState.Open];
        }

        _stateLabels = [.. shown.Select(s => $"{WireName.Of(s)} {View.CountOf(s).ToString("N0", CultureInfo.InvariantCulture)}")];
        var floor = Math.Max(1, View.Read) * MinSliceShare;
        _stateSeries = [new ChartSeries<double> { Name = "ports", Data = new ChartData<double>([.. shown.Select(s => Math.Max(View.CountOf(s), floor))]) }];
        _statesSummary = StatesSummaryOf(View);
        _stateOptions = new DonutChartOptions { ChartPalette = [.. shown.Select(s => ChartColors.Of(s, DarkMode))], ShowToolTips = false };

        _rttSeries = [new ChartSeries<double> { Name = "answers", Data = new ChartData<double>([.. _rtt!.Counts.Select(c => (double)c)]) }];
        // The axis in whole answers, a few gridlines up to just above the tallest bar, and each bar's count on it:
        // seven answers must not be drawn against an axis that runs to 20 with one tick.
        var tallest = _rtt.Counts.Count == 0 ? 0 : _rtt.Counts.Max();
        var step = NiceStep(tallest);
        _rttOptions = new BarChartOptions
        {
            ChartPalette = [ChartColors.Primary(DarkMode)], ShowToolTips = false, XAxisLabelRotation = 45, ShowValues = true,
            YAxisTicks = step, YAxisSuggestedMax = Math.Max(step, Math.Ceiling(tallest / (double)step) * step), YAxisFormat = "0",
        };
    }

    /// <summary>1, 2, 5, 10, 20, 50… : the smallest that divides 0..<paramref name="max"/> into at most five steps.</summary>
    public static int NiceStep(long max)
    {
        for (long magnitude = 1; magnitude < int.MaxValue / 5; magnitude *= 10)
        {
            foreach (var mantissa in (int[])[1, 2, 5])
            {
                if (max <= mantissa * magnitude * 5)
                {
                    return (int)(mantissa * magnitude);
                }
            }
        }

        return int.MaxValue / 5;
    }
}
