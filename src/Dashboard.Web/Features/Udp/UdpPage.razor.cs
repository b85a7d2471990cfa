using Dashboard.Contracts;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Payload;
using Dashboard.Web.Features.Probe;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Udp;

/// <summary>The UDP page: the datagram's target and payload, the result with its replies, and this session's recent sends.</summary>
public sealed partial class UdpPage : IDisposable
{
    private MudForm? _form;
    private PayloadEditor? _editor;
    private string _host = "";
    private string _from = "";
    private int? _port;
    private string _payload = "Hello World!";
    private PayloadEncoding _encoding = PayloadEncoding.Text;
    private int? _count;
    private int? _intervalMs;
    private int? _waitReplyMs;

    private bool _sending;
    private int _expectedMs;
    private string? _problem;
    private UdpSendResult? _result;
    private CancellationTokenSource? _cancel;

    [Inject]
    private UdpService Udp { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private UdpHistory History { get; set; } = default!;

    private static string? HostProblem(string host) => UdpService.HostProblem(host);

    private static string? PortProblem(int? port) => ProbeService.PortProblem(port);

    // The sender knows the family once the host resolves; an IPv6 literal says it now, anything else is held to IPv4's limit.
    private string? PayloadSizeProblem(int bytes) => UdpService.PayloadSizeProblem(bytes, _host);

    private void Use(UdpPresets.Preset preset)
    {
        (_port, _payload, _encoding) = (preset.Port, preset.Hex, PayloadEncoding.Hex);
    }

    private async Task SendAsync()
    {
        if (_form is null || _sending)
        {
            return;
        }

        await _form.ValidateAsync();
        if (!_form.IsValid || _editor?.IsValid == false)
        {
            return;
        }

        await RunAsync(new UdpSendRequest(_host.Trim(), _port!.Value, _payload, _encoding, _count, _intervalMs, _waitReplyMs) { From = _from });
    }

    private async Task RunAsync(UdpSendRequest request)
    {
        if (_sending)
        {
            return;
        }

        (_host, _port, _payload, _encoding, _count, _intervalMs, _waitReplyMs) =
            (request.Host, request.Port, request.Payload ?? "", request.Encoding ?? PayloadEncoding.Text, request.Count, request.IntervalMs, request.WaitReplyMs);
        _problem = null;
        _sending = true;
        _expectedMs = ((request.Count ?? 1) - 1) * (request.IntervalMs ?? 0) + (request.WaitReplyMs ?? Udp.DefaultWaitReplyMs);
        _cancel = new CancellationTokenSource();
        try
        {
            _result = await Udp.SendAsync(Actor.Current, request, _cancel.Token);
            History.Add(request, _result);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
        catch (OperationCanceledException)
        {
            _problem = "send cancelled";
        }
        finally
        {
            _sending = false;
            _cancel.Dispose();
            _cancel = null;
        }
    }

    public void Dispose() => _cancel?.Cancel();
}
