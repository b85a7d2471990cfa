using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dashboard.Web.Features.Probe;

/// <summary>The Probe page: one TCP connect, its result as a card, and this session's recent probes.</summary>
public sealed partial class ProbePage : IDisposable
{
    private MudForm? _form;
    private string _host = "";
    private string _from = "";
    private int? _port;
    private int? _timeoutMs;

    private bool _probing;
    private string _running = "";
    private int _runningTimeoutMs;
    private CancellationTokenSource? _cancel;
    private ProbeResult? _result;
    private string? _problem;

    [Inject]
    private ProbeService Probes { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private ProbeHistory History { get; set; } = default!;

    /// <summary>Prefills the host from the address (<c>/probe?host=db1&amp;port=5432</c>).</summary>
    [SupplyParameterFromQuery(Name = "host")]
    public string? HostQuery { get; set; }

    /// <summary>Prefills the port from the address.</summary>
    [SupplyParameterFromQuery(Name = "port")]
    public int? PortQuery { get; set; }

    private int DefaultTimeoutMs => Probes.DefaultTimeoutMs;

    private int MaxTimeoutMs => Probes.MaxTimeoutMs;

    protected override void OnInitialized()
    {
        _host = HostQuery ?? "";
        _port = PortQuery;
    }

    private static string? HostProblem(string host) => ProbeService.HostProblem(host);

    private static string? PortProblem(int? port) => ProbeService.PortProblem(port);

    private string? TimeoutProblem(int? timeoutMs) => Probes.TimeoutProblem(timeoutMs);

    private async Task ProbeAsync()
    {
        if (_form is null || _probing)
        {
            return;
        }

        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        await RunAsync(new ProbeRequest(_host.Trim(), _port!.Value, _timeoutMs) { From = _from });
    }

    private Task OnKeyDownAsync(KeyboardEventArgs e) => e.Key == "Enter" ? ProbeAsync() : Task.CompletedTask;

    private async Task RunAsync(ProbeRequest request)
    {
        if (_probing)
        {
            return;
        }

        (_host, _port, _timeoutMs) = (request.Host, request.Port, request.TimeoutMs);
        _problem = null;
        _probing = true;
        _running = ProbeTarget.Format(request.Host, request.Port);
        _runningTimeoutMs = request.TimeoutMs ?? DefaultTimeoutMs;
        _cancel = new CancellationTokenSource();
        try
        {
            _result = await Probes.ProbeAsync(Actor.Current, request, _cancel.Token);
            History.Add(request, _result);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
        catch (OperationCanceledException)
        {
            _problem = $"probe of {_running} cancelled";
        }
        finally
        {
            _probing = false;
            _cancel.Dispose();
            _cancel = null;
        }
    }

    private void Cancel() => _cancel?.Cancel();

    public void Dispose() => _cancel?.Cancel();
}
