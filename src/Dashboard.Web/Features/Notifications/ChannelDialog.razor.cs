using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Notifications;

/// <summary>The add/edit form of a channel. Secrets are never filled in: left empty on an edit, the stored ones stay.</summary>
public sealed partial class ChannelDialog
{
    private string _name = "";
    private string _kind = ChannelKinds.Webhook;
    private string _groups = "";
    private bool _down = true;
    private bool _recovered = true;
    private bool _reminder = true;
    private bool _enabled = true;
    private string? _url;
    private string? _secret;
    private string? _topic;
    private string? _host;
    private int? _port;
    private string _security = "starttls";
    private string? _user;
    private string? _from;
    private string? _to;
    private string? _problem;
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    /// <summary>The channel to edit; null to add one.</summary>
    [Parameter]
    public ChannelView? Existing { get; set; }

    protected override void OnParametersSet()
    {
        if (Existing is not { } channel)
        {
            return;
        }

        (_name, _kind, _groups, _enabled) = (channel.Name, channel.Kind, string.Join(", ", channel.Groups), channel.Enabled);
        (_down, _recovered, _reminder) = (channel.Events.Contains("down"), channel.Events.Contains("recovered"), channel.Events.Contains("reminder"));
        (_host, _port, _security, _user, _from) = (channel.Settings.Host, channel.Settings.Port, channel.Settings.Security ?? "starttls", channel.Settings.User,
            channel.Settings.From);
        _to = channel.Settings.To is { } to ? string.Join(", ", to) : null;
    }

    private static string? Keeps(string? masked) => masked is null ? null : $"now {masked}; empty keeps it";

    private ChannelRequest Request()
    {
        var secret = string.IsNullOrEmpty(_secret) ? null : _secret;
        return new ChannelRequest(_name, _kind, List(_groups), [.. new[] { ("down", _down), ("recovered", _recovered), ("reminder", _reminder) }.Where(e => e.Item2).Select(e => e.Item1)],
            _enabled,
            _kind == ChannelKinds.Webhook ? new WebhookSettings(_url, secret) : null,
            _kind == ChannelKinds.Slack ? new SlackSettings(_url) : null,
            _kind == ChannelKinds.Ntfy ? new NtfySettings(_url, _topic, secret) : null,
            _kind == ChannelKinds.Email ? new EmailSettings(_host, _port, _security, _user, secret, _from, List(_to)) : null);
    }

    private static List<string> List(string? text) => [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private async Task SaveAsync()
    {
        _problem = null;
        _saving = true;
        try
        {
            object saved = Existing is null
                ? await Notifications.CreateChannelAsync(Actor.Current, Request(), CancellationToken.None)
                : await Notifications.UpdateChannelAsync(Actor.Current, Existing.Id, Request(), CancellationToken.None);
            Dialog.Close(DialogResult.Ok(saved));
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
