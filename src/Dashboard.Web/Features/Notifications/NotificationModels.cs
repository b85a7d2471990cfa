namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// A channel to create or change. On a change, a secret left out (null) keeps the stored one: views never carry
/// secrets whole, so an edit does not have to know them.
/// </summary>
/// <param name="Name">Unique, 1-64 characters.</param>
/// <param name="Kind"><c>webhook</c>, <c>slack</c>, <c>ntfy</c> or <c>email</c>.</param>
/// <param name="Groups">The watch groups it is told about; empty or absent for every group.</param>
/// <param name="Events">Any of <c>down</c>, <c>recovered</c>, <c>reminder</c>; absent for all three.</param>
/// <param name="Enabled">Defaults to true.</param>
/// <param name="Webhook">For kind webhook.</param>
/// <param name="Slack">For kind slack.</param>
/// <param name="Ntfy">For kind ntfy.</param>
/// <param name="Email">For kind email.</param>
public sealed record ChannelRequest(
    string? Name,
    string? Kind,
    IReadOnlyList<string>? Groups = null,
    IReadOnlyList<string>? Events = null,
    bool? Enabled = null,
    WebhookSettings? Webhook = null,
    SlackSettings? Slack = null,
    NtfySettings? Ntfy = null,
    EmailSettings? Email = null);

/// <param name="Url">Where the JSON is posted (http or https).</param>
/// <param name="Secret">The HMAC-SHA256 key; generated when empty on create and shown once.</param>
public sealed record WebhookSettings(string? Url, string? Secret = null);

/// <param name="Url">The incoming-webhook URL (Slack, Mattermost, Rocket.Chat).</param>
public sealed record SlackSettings(string? Url);

/// <param name="Server">The ntfy server, e.g. https://ntfy.sh.</param>
/// <param name="Topic">The topic: letters, digits, '-' and '_'.</param>
/// <param name="Token">An access token, sent as a bearer token; optional.</param>
public sealed record NtfySettings(string? Server, string? Topic, string? Token = null);

/// <param name="Host">The SMTP server's name or address.</param>
/// <param name="Port">Defaults by security: 25 (none), 587 (starttls), 465 (ssl).</param>
/// <param name="Security"><c>none</c>, <c>starttls</c> (the default) or <c>ssl</c>.</param>
/// <param name="User">Signs in when given.</param>
/// <param name="Password">Kept encrypted; left out on a change, the stored one stays (for the same user).</param>
/// <param name="From">The sender's address.</param>
/// <param name="To">1-20 recipients.</param>
public sealed record EmailSettings(string? Host, int? Port, string? Security, string? User, string? Password, string? From, IReadOnlyList<string>? To);

/// <summary>A channel as views show it: every secret masked, never whole.</summary>
public sealed record ChannelView(
    string Id,
    string Name,
    string Kind,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Events,
    bool Enabled,
    string Destination,
    ChannelSettingsView Settings,
    ChannelCounters Counters,
    string CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>The settings of a channel's kind, masked: a URL as <c>scheme://host/…last4</c>, a secret or token as <c>…last4</c>, a password as set or not.</summary>
public sealed record ChannelSettingsView(
    string? Url = null,
    string? Secret = null,
    string? Server = null,
    string? Topic = null,
    bool? TokenSet = null,
    string? Host = null,
    int? Port = null,
    string? Security = null,
    string? User = null,
    bool? PasswordSet = null,
    string? From = null,
    IReadOnlyList<string>? To = null);

/// <summary>What deliveries to a channel did, kept in the database.</summary>
public sealed record ChannelCounters(long Delivered, long Failed, string? LastError, DateTimeOffset? LastDeliveredAt, DateTimeOffset? LastFailedAt);

/// <summary>A new channel; for a webhook, its HMAC secret, shown only in this answer.</summary>
public sealed record ChannelCreated(ChannelView Channel, string? Secret);

/// <summary>A test delivery's outcome: ok, or the error in words.</summary>
public sealed record DeliveryResult(bool Ok, string Message);

/// <summary>A maintenance window to add: alerts of <paramref name="Group"/> (empty or absent: every group) are muted from start to end.</summary>
public sealed record MaintenanceWindowRequest(string? Group, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Reason);

public sealed record MaintenanceWindowView(long Id, string? Group, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason, string CreatedBy, bool Active);

/// <summary>The delivery queue (in the database, shared by every instance): its bound, what waits now, what this instance dropped since its start.</summary>
public sealed record DeliveryQueueView(int Capacity, int Queued, long Dropped);

/// <summary>Everything the Notifications page shows.</summary>
public sealed record NotificationsOverview(IReadOnlyList<ChannelView> Channels, IReadOnlyList<MaintenanceWindowView> Windows, DeliveryQueueView Queue);
