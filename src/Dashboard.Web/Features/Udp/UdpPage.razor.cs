using System.Net.Sockets;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets;
using Dashboard.Sockets.Payloads;
using Dashboard.Sockets.Targets;
using Dashboard.Sockets.Udp;
using Dashboard.Web.Components.Payload;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Udp;

/// <summary>The UDP page: the datagram's target and payload, the result with its replies, and this session's recent sends.</summary>
public sealed partial class UdpPage : IDisposable
{
    private MudForm? _form;
    private PayloadEditor? _editor;
    private string _host = "";
    private int? _port;
    private string _payload = "Hello World!";
    private string _encoding = PayloadCodec.Text;
    private int? _count;
    private int? _intervalMs;
    private int? _waitReplyMs;

    private bool _sending;
    private int _expectedMs;
    private string? _problem;
    private UdpSendResult? _result;
    private CancellationTokenSource? _cancel;

    [Inject]
    private UdpSender Sender { get; set; } = default!;

    [Inject]
    private UdpHistory History { get; set; } = default!;

    private static string? HostProblem(string host) => HostName.Problem(host);

    private static string? PortProblem(int? port) =>
        port is { } value ? PortNumber.Problem(value) : $"port is required: {PortNumber.Min}-{PortNumber.Max}";

    // The sender knows the family once the host resolves; an IPv6 literal says it now, anything else is held to IPv4's limit.
    private string? PayloadSizeProblem(int bytes) =>
        UdpSender.PayloadSizeProblem(bytes, HostName.TryParseAddress(_host, out var address) ? address.AddressFamily : AddressFamily.InterNetwork);

    private void Use(UdpPresets.Preset preset)
    {
        (_port, _payload, _encoding) = (preset.Port, preset.Hex, PayloadCodec.Hex);
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

        await RunAsync(new UdpSendRequest(_host.Trim(), _port!.Value, _payload, _encoding, _count, _intervalMs, _waitReplyMs));
    }

    private async Task RunAsync(UdpSendRequest request)
    {
        if (_sending)
        {
            return;
        }

        (_host, _port, _payload, _encoding, _count, _intervalMs, _waitReplyMs) =
            (request.Host, request.Port, request.Payload ?? "", request.Encoding ?? PayloadCodec.Text, request.Count, request.IntervalMs, request.WaitReplyMs);
        _problem = null;
        _sending = true;
        _expectedMs = ((request.Count ?? 1) - 1) * (request.IntervalMs ?? 0) + (request.WaitReplyMs ?? Sender.Options.DefaultWaitReplyMs);
        _cancel = new CancellationTokenSource();
        try
        {
            _result = await Sender.SendAsync(request, _cancel.Token);
            History.Add(request, _result);
        }
        catch (InvalidRequestException e)
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
