using Dashboard.Contracts.Unix;
using Dashboard.Sockets.UnixSockets;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.UnixSockets.Pages;

/// <summary>The Unix sockets page: a path, connect (stream or datagram) or send, and the result.</summary>
public sealed partial class UnixPage : IDisposable
{
    private MudForm? _form;
    private string _from = "";
    private string _path = "";
    private string _mode = "stream";
    private string _payload = "";
    private int? _waitReplyMs;
    private bool _running;
    private string? _problem;
    private UnixProbeResult? _probe;
    private UnixSendResult? _send;
    private CancellationTokenSource? _cancel;

    [Inject]
    private UnixSocketService Unix { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private string? Link => (_probe?.Id ?? _send?.Id) is { } id ? Navigation.ToAbsoluteUri($"unix/{Uri.EscapeDataString(id)}").ToString() : null;

    private static string? PathProblem(string path) => UnixSocketPath.Problem(path, "Socket path");

    private async Task GoAsync()
    {
        if (_form is null || _running)
        {
            return;
        }

        (_probe, _send, _problem) = (null, null, null);
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        _running = true;
        _cancel = new CancellationTokenSource();
        try
        {
            if (_mode == "send")
            {
                _send = await Unix.SendAsync(Actor.Current, new UnixSendRequest(_path.Trim(), _payload, WaitReplyMs: _waitReplyMs) { From = _from }, _cancel.Token);
            }
            else
            {
                var type = _mode == "datagram" ? UnixSocketType.Datagram : UnixSocketType.Stream;
                _probe = await Unix.ProbeAsync(Actor.Current, new UnixProbeRequest(_path.Trim(), type) { From = _from }, _cancel.Token);
            }
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
        catch (OperationCanceledException)
        {
            _problem = "Cancelled";
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
