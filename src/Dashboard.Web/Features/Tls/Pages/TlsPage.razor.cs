using Dashboard.Contracts.Tls;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Probe;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Tls.Pages;

/// <summary>The TLS page: the target, SNI, STARTTLS and ALPN, then the check's answer with the chain as cards.</summary>
public sealed partial class TlsPage : IDisposable
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["host"] = "Host", ["port"] = "Port", ["sni"] = "SNI", ["alpn"] = "ALPN", ["startTls"] = "STARTTLS",
    };

    private MudForm? _form;
    private string _from = "";
    private string _host = "";
    private string _port = "443";
    private string _sni = "";
    private string _startTls = "";
    private string _alpn = string.Join(", ", TlsCheckRequest.DefaultAlpn);
    private bool _running;
    private string? _problem;
    private TlsCheckResult? _result;
    private CancellationTokenSource? _cancel;

    [Inject]
    private TlsService Tls { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private static string? HostProblem(string host) => FieldWords.Relabel(ProbeService.HostProblem(host), Labels);

    private static string? PortProblem(string port) => FieldWords.PortProblem(port, "Port", out _);

    private async Task CheckAsync()
    {
        if (_form is null || _running)
        {
            return;
        }

        (_result, _problem) = (null, null);
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        var request = new TlsCheckRequest(
            _host.Trim(),
            FieldWords.Port(_port)!.Value,
            string.IsNullOrWhiteSpace(_sni) ? null : _sni.Trim(),
            Enum.GetValues<StartTlsProtocol>().Cast<StartTlsProtocol?>().FirstOrDefault(p => WireName.Of(p!.Value) == _startTls),
            [.. _alpn.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]) { From = _from };
        _running = true;
        _cancel = new CancellationTokenSource();
        try
        {
            _result = await Tls.CheckAsync(Actor.Current, request, _cancel.Token);
        }
        catch (RequestRefusedException e)
        {
            _problem = FieldWords.Relabel(e.Message, Labels);
        }
        catch (OperationCanceledException)
        {
            _problem = "Check cancelled";
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
