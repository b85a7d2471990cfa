using System.Globalization;
using Dashboard.Contracts.Identify;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Identify;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Features.Scan;

/// <summary>
/// "Identify open ports" on a finished scan: through <see cref="IdentifyBatches"/> (from where the scan ran, its own bounded
/// concurrency, quota, policy, history), each service landing in its grid row as it is known.
/// </summary>
public sealed partial class ScanPage
{
    private readonly Dictionary<(string Address, int Port), IdentifyResult> _identified = [];
    private string? _identifiedScan;
    private bool _identifying;
    private int _identifyAsked;
    private CancellationTokenSource? _identifyCancel;

    [Inject]
    private IdentifyBatches Identify { get; set; } = default!;

    private bool CanIdentify => _job is { IsFinished: true } && _view!.CountOf(ProbeState.Open) > 0 && Actor.Can(Role.Operator);

    private IReadOnlyDictionary<(string Address, int Port), IdentifyResult> Identified =>
        _identifiedScan == _job?.Id ? _identified : new Dictionary<(string Address, int Port), IdentifyResult>();

    private string IdentifyProgress => string.Create(CultureInfo.InvariantCulture,
        $"{(_identifying ? "Identifying" : "Identified")}: {Identified.Count:N0} of {Math.Max(_identifyAsked, Identified.Count):N0} open ports done, " +
        $"{Identified.Values.Count(r => r.State == IdentifyState.Identified):N0} named");

    private async Task IdentifyOpenAsync()
    {
        if (_job is not { } job || _identifying)
        {
            return;
        }

        (_identifying, _identifiedScan, _identifyAsked, _problem) = (true, job.Id, (int)_view!.CountOf(ProbeState.Open), null);
        _identified.Clear();
        _identifyCancel = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        try
        {
            await foreach (var result in await Identify.ScanAsync(Actor.Current, job.Id, null, _identifyCancel.Token))
            {
                _identified[(result.Address ?? result.Host, result.Port)] = result;
                if (_grid is not null)
                {
                    await _grid.RefreshAsync();
                }

                StateHasChanged();
            }
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
        catch (OperationCanceledException) when (_identifyCancel.IsCancellationRequested)
        {
        }
        finally
        {
            _identifying = false;
            _identifyCancel.Dispose();
            _identifyCancel = null;
        }
    }
}
