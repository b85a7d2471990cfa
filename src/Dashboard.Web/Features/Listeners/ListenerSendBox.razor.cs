using System.Globalization;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Payload;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Features.Listeners;

/// <summary>A payload editor and a Send button for one conversation of a listener, as ncat's stdin is for its connection.</summary>
public sealed partial class ListenerSendBox
{
    private PayloadEditor? _editor;
    private string _payload = "";
    private PayloadEncoding _encoding = PayloadEncoding.Text;
    private string? _outcome;
    private bool _failed;
    private bool _sending;

    /// <summary>The listener to send through.</summary>
    [Parameter, EditorRequired]
    public string ListenerId { get; set; } = "";

    /// <summary>A TCP listener's open connection to send on.</summary>
    [Parameter]
    public long? ConnectionId { get; set; }

    /// <summary>A UDP listener's source ("ip:port") to send a datagram to.</summary>
    [Parameter]
    public string? Peer { get; set; }

    [Inject]
    private ListenerService Listeners { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    private string Heading => ConnectionId is { } id ? $"Send to connection #{id}" : $"Send a datagram to {Peer}";

    private string? SizeProblem(int bytes) => bytes > Listeners.MaxSendBytes
        ? string.Create(CultureInfo.InvariantCulture, $"payload is {bytes:N0} bytes; one send carries at most {Listeners.MaxSendBytes:N0}")
        : null;

    private async Task SendAsync()
    {
        if (_editor?.IsValid == false)
        {
            return;
        }

        _sending = true;
        try
        {
            var sent = await Listeners.SendAsync(Actor.Current, ListenerId, new ListenerSendRequest(ConnectionId, Peer, _payload, _encoding), CancellationToken.None);
            (_outcome, _failed) = (string.Create(CultureInfo.InvariantCulture, $"sent {sent.Bytes:N0} {(sent.Bytes == 1 ? "byte" : "bytes")} (event #{sent.Seq})"), false);
            _payload = "";
        }
        catch (RequestRefusedException e)
        {
            (_outcome, _failed) = (e.Message, true);
        }
        finally
        {
            _sending = false;
        }
    }
}
