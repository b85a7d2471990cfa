using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dashboard.Web.Features.Probe;

/// <summary>
/// The Probe page: one TCP connect, its result as a card, and this session's recent probes.
/// <c>/probe?host=db1&amp;port=5432&amp;timeoutMs=2000</c> fills the form; nothing is probed until the user
/// presses Probe. A link must never act for whoever opens it (it rides along with their sign-in, the return
/// link after signing in included), so old links' <c>run=1</c> only fills the form too.
/// </summary>
public sealed partial class ProbePage : IDisposable
{
    private static readonly Dictionary<string, string> Labels = new() { ["host"] = "Host", ["port"] = "Port", ["timeoutMs"] = "Timeout (ms)" };

    private MudForm? _form;
    private string _host = "";
    private string _from = "";
    private string _port = "";
    private int? _timeoutMs;

    private bool _probing;
    private string _running = "";
    private int _runningTimeoutMs;
    private CancellationTokenSource? _cancel;
    private ProbeRequest? _asked;
    private ProbeResult? _result;
    private string? _problem;

    [Inject]
    private ProbeService Probes { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private ProbeHistory History { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Prefills the host from the address (<c>/probe?host=db1&amp;port=5432</c>).</summary>
    [SupplyParameterFromQuery(Name = "host")]
    public string? HostQuery { get; set; }

    /// <summary>Prefills the port from the address.</summary>
    [SupplyParameterFromQuery(Name = "port")]
    public string? PortQuery { get; set; }

    /// <summary>Prefills the timeout from the address.</summary>
    [SupplyParameterFromQuery(Name = "timeoutMs")]
    public int? TimeoutQuery { get; set; }

    private int DefaultTimeoutMs => Probes.DefaultTimeoutMs;

    private int MaxTimeoutMs => Probes.MaxTimeoutMs;

    /// <summary>True when the address filled in the form: the page says that nothing ran.</summary>
    private bool FilledFromLink { get; set; }

    protected override void OnInitialized()
    {
        _host = HostQuery ?? "";
        _port = PortQuery ?? "";
        _timeoutMs = TimeoutQuery;
        FilledFromLink = HostQuery is not null || PortQuery is not null;
    }

    /// <summary>
    /// The link a result card offers a teammate: the stored result (<c>/probe/{id}</c>) when the history kept
    /// it; otherwise the address that fills the form with <paramref name="request"/> for them to press Probe.
    /// </summary>
    public string ShareLink(ProbeRequest request, ProbeResult result) => result.Id is { } id
        ? Navigation.ToAbsoluteUri($"probe/{Uri.EscapeDataString(id)}").ToString()
        : Navigation.GetUriWithQueryParameters(Navigation.ToAbsoluteUri("probe").ToString(), new Dictionary<string, object?>
        {
            ["host"] = request.Host,
            ["port"] = request.Port,
            ["timeoutMs"] = request.TimeoutMs,
        });

    private static string ShareLinkText(ProbeResult result) => result.Id is null
        ? "Link for a teammate: it fills in the form with this probe; nothing runs until they press Probe"
        : "Link for a teammate: this result, as the history keeps it";

    private static string? HostProblem(string host) => FieldWords.Relabel(ProbeService.HostProblem(host), Labels);

    private static string? PortProblem(string port) => FieldWords.PortProblem(port, "Port", out _);

    private string? TimeoutProblem(int? timeoutMs) => FieldWords.Relabel(Probes.TimeoutProblem(timeoutMs), Labels);

    private async Task ProbeAsync()
    {
        if (_form is null || _probing)
        {
            return;
        }

        // A new submit: what was shown answered the old input, so it goes, even if this one is refused.
        (_result, _asked, _problem) = (null, null, null);
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        await RunAsync(new ProbeRequest(_host.Trim(), FieldWords.Port(_port)!.Value, _timeoutMs) { From = _from });
    }

    private Task OnKeyDownAsync(KeyboardEventArgs e) => e.Key == "Enter" ? ProbeAsync() : Task.CompletedTask;

    private async Task RunAsync(ProbeRequest request)
    {
        if (_probing)
        {
            return;
        }

        (_host, _port, _timeoutMs) = (request.Host, request.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), request.TimeoutMs);
        (_result, _asked, _problem) = (null, null, null);
        FilledFromLink = false;
        _probing = true;
        _running = ProbeTarget.Format(request.Host, request.Port);
        _runningTimeoutMs = request.TimeoutMs ?? DefaultTimeoutMs;
        _cancel = new CancellationTokenSource();
        try
        {
            _result = await Probes.ProbeAsync(Actor.Current, request, _cancel.Token);
            _asked = request;
            History.Add(request, _result);
        }
        catch (RequestRefusedException e)
        {
            _problem = FieldWords.Relabel(e.Message, Labels);
        }
        catch (OperationCanceledException)
        {
            _problem = $"Probe of {_running} cancelled";
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
