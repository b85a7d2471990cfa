using System.Globalization;
using Dashboard.Contracts.Identify;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Identify.Pages;

/// <summary>
/// The Services page: what answers on a list of <c>host:port</c>, from a chosen vantage point, through
/// <see cref="IdentifyBatches"/> (the hub's <c>IdentifyMany</c>); each result is drawn as it arrives, with its stored link
/// and the commands that ask the same by hand.
/// </summary>
public sealed partial class ServicesPage : IDisposable
{
    private const int MaxTargetsLength = 65_536;

    private MudForm? _form;
    private string _from = "";
    private string _targets = "";
    private bool _running;
    private int _asked;
    private string? _problem;
    private readonly List<IdentifyResult> _results = [];
    private CancellationTokenSource? _cancel;

    [Inject]
    private IdentifyBatches Batches { get; set; } = default!;

    [Inject]
    private IdentifyService Identify { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    private static IReadOnlyList<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private string Progress => string.Create(CultureInfo.InvariantCulture,
        $"{_results.Count:N0} of {_asked:N0} done, {_results.Count(r => r.State == IdentifyState.Identified):N0} identified");

    private string? TargetsProblem(string text)
    {
        var lines = Lines(text ?? "");
        return lines.Count == 0 ? "Targets: write at least one host:port"
            : lines.Count > Identify.Options.MaxBatchPorts
                ? $"Targets: at most {Identify.Options.MaxBatchPorts:N0} lines (Sockets:Identify:MaxBatchPorts), got {lines.Count:N0}"
            : null;
    }

    private async Task IdentifyAsync()
    {
        if (_form is null || _running)
        {
            return;
        }

        (_problem, _asked) = (null, 0);
        _results.Clear();
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        var targets = Lines(_targets);
        _running = true;
        _cancel = new CancellationTokenSource();
        try
        {
            var stream = await Batches.ListAsync(Actor.Current, new IdentifyBatchRequest(targets) { From = _from }, _cancel.Token);
            _asked = targets.Count;
            await foreach (var result in stream)
            {
                _results.Add(result);
                StateHasChanged();
            }
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message.StartsWith("targets", StringComparison.Ordinal) ? "Targets" + e.Message["targets".Length..] : e.Message;
        }
        catch (OperationCanceledException)
        {
            _problem = $"Cancelled: {_results.Count:N0} of {_asked:N0} done";
        }
        finally
        {
            _running = false;
            _cancel.Dispose();
            _cancel = null;
        }
    }

    private void Cancel() => _cancel?.Cancel();

    public void Dispose() => _cancel?.Cancel();
}
