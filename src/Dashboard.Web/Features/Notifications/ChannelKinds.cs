namespace Dashboard.Web.Features.Notifications;

/// <summary>The kinds of channel and the events they may be told, as stored and as the API names them.</summary>
public static class ChannelKinds
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string Ntfy = "ntfy";
    public const string Email = "email";

    public static IReadOnlyList<string> All { get; } = [Webhook, Slack, Ntfy, Email];

    public static IReadOnlyList<string> Events { get; } = ["down", "recovered", "reminder"];

    public static IReadOnlyList<string> Securities { get; } = ["none", "starttls", "ssl"];
}
