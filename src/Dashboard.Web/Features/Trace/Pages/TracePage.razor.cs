using Dashboard.Contracts.Trace;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Probe;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Trace.Pages;

/// <summary>The trace page: the target, the bounds, and the hops as they come, then the verdict.</summary>
public sealed partial class TracePage : IDisposable
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["host"] = "Host", ["port"] = "Port", ["maxHops"] = "Max hops", ["tries"] = "Tries", ["timeoutMs"] = "Timeout (ms)",
    };

    private readonly List<TraceHop> _hops = [];
    private MudForm? _form;
    private string _host = "";
    private string _from = "";
    private string _port = "";
    private TraceProtocol _protocol = TraceProtocol.Tcp;
    private int? _maxHops;
    private int? _tries;
    private int? _timeoutMs;
    private bool _running;
    private string? _problem;
    private TraceResult? _result;
    private CancellationTokenSource? _cancel;

    [Inject]
    private TraceService Traces { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    private static string? HostProblem(string host) => FieldWords.Relabel(ProbeService.HostProblem(host), Labels);

    private static string? PortProblem(string port) => FieldWords.PortProblem(port, "Port", out _);

    private async Task TraceAsync()
    {
        if (_form is null || _running)
        {
            return;
        }

        (_result, _problem) = (null, null);
        _hops.Clear();
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        var request = new TraceRequest(_host.Trim(), FieldWords.Port(_port)!.Value, _protocol == TraceProtocol.Udp ? TraceProtocol.Udp : null, _maxHops, _tries, _timeoutMs) { From = _from };
        _running = true;
        _cancel = new CancellationTokenSource();
        try
        {
            _result = await Traces.TraceAsync(Actor.Current, request, async (hop, _) =>
            {
                _hops.Add(hop);
                await InvokeAsync(StateHasChanged);
            }, _cancel.Token);
        }
        catch (RequestRefusedException e)
        {
            _problem = FieldWords.Relabel(e.Message, Labels);
        }
        catch (OperationCanceledException)
        {
            _problem = "Trace cancelled";
        }
        finally
        {
            _running = false;
            _cancel.Dispose();
            _cancel = null;
        }
    }

    public void Dispose() => _cancel?.Cancel();
}
