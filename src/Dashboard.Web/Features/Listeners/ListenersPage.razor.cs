using System.Net.Sockets;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Payloads;
using Dashboard.Sockets.Udp;
using Dashboard.Web.Components.Payload;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Listeners;

/// <summary>Open a listener; see every listener on this host with its counters and TTL.</summary>
public sealed partial class ListenersPage
{
    private readonly CancellationTokenSource _lifetime = new();
    private MudForm? _form;
    private string _protocol = "tcp";
    private string _bind = "127.0.0.1";
    private int _port;
    private int? _ttl;
    private int? _backlog;
    private string _replyMode = "none";
    private string _replyPayload = "";
    private string _replyEncoding = PayloadCodec.Text;
    private string? _problem;
    private PayloadEditor? _replyEditor;

    [Inject]
    private ListenerManager Listeners { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override void OnInitialized() => _ = TickAsync(_lifetime.Token);

    // TTL countdowns and counters move: redraw the list once a second.
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // A UDP reply is one datagram; a TCP banner is bounded by the editor's field alone.
    private static string? UdpReplySizeProblem(int bytes) => UdpSender.PayloadSizeProblem(bytes, AddressFamily.InterNetwork);

    private void Create()
    {
        _problem = null;
        if (_replyMode == "fixed" && _replyEditor?.IsValid == false)
        {
            return;
        }

        try
        {
            var reply = new ListenerReply(_replyMode, _replyMode == "fixed" ? _replyPayload : null, _replyEncoding);
            var listener = Listeners.Create(new ListenerRequest(_protocol, _bind, _port, _protocol == "tcp" ? _backlog : null, _ttl, reply), "browser");
            Navigation.NavigateTo($"listeners/{listener.Id}");
        }
        catch (InvalidRequestException e)
        {
            _problem = e.Message;
        }
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
