using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Payload;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Listeners;

/// <summary>Open a listener; see every listener on this host with its counters and TTL.</summary>
public sealed partial class ListenersPage
{
    private readonly CancellationTokenSource _lifetime = new();
    private MudForm? _form;
    private ListenerProtocol _protocol = ListenerProtocol.Tcp;
    private string? _path;

    private bool IsUnix => _protocol is ListenerProtocol.Unix or ListenerProtocol.UnixDatagram;
    private string _from = "";
    private string _bind = "127.0.0.1";
    private int _port;
    private int? _ttl;
    private int? _backlog;
    private ReplyMode _replyMode = ReplyMode.None;
    private string _replyPayload = "";
    private PayloadEncoding _replyEncoding = PayloadEncoding.Text;
    private string? _problem;
    private PayloadEditor? _replyEditor;

    [Inject]
    private ListenerService Listeners { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["protocol"] = "Protocol", ["path"] = "Path", ["bindAddress"] = "Bind address", ["port"] = "Port", ["backlog"] = "Backlog",
        ["ttlSeconds"] = "TTL (s)", ["reply.mode"] = "Reply", ["payload"] = "Payload",
    };

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
    private static string? UdpReplySizeProblem(int bytes) => ListenerService.UdpReplySizeProblem(bytes);

    private async Task Create()
    {
        _problem = null;
        if (_replyMode == ReplyMode.Fixed && _replyEditor?.IsValid == false)
        {
            return;
        }

        try
        {
            var reply = new ListenerReply(_replyMode, _replyMode == ReplyMode.Fixed ? _replyPayload : null, _replyEncoding);
            var stream = _protocol is ListenerProtocol.Tcp or ListenerProtocol.Unix;
            var request = IsUnix
                ? new ListenerRequest(_protocol, null, 0, stream ? _backlog : null, _ttl, reply) { From = _from, Path = _path }
                : new ListenerRequest(_protocol, _bind, _port, stream ? _backlog : null, _ttl, reply) { From = _from };
            var listener = await Listeners.OpenAsync(Actor.Current, request, CancellationToken.None);
            Navigation.NavigateTo($"listeners/{listener.Id}");
        }
        catch (RequestRefusedException e)
        {
            _problem = FieldWords.Relabel(e.Message, Labels);
        }
    }

    private async Task CloseAsync(string listenerId)
    {
        if (!await Dialogs.ConfirmAsync("Close this listener?",
                "It stops listening at once and cuts off anyone connected. A closed listener cannot be reopened: open a new one instead.", "Close listener"))
        {
            return;
        }

        try
        {
            await Listeners.CloseAsync(Actor.Current, listenerId);
        }
        catch (RequestRefusedException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
