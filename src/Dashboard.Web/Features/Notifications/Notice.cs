using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Web.Features.Watches;

namespace Dashboard.Web.Features.Notifications;

/// <summary>What is told: an alert of the watches, or a test sent from the Notifications page.</summary>
/// <param name="Event"><c>down</c>, <c>recovered</c>, <c>reminder</c> or <c>test</c>.</param>
/// <param name="Alert">The watches' alert (a made-up one for a test).</param>
public sealed record Notice(string Event, WatchAlert Alert)
{
    public const string Test = "test";

    public static Notice Of(WatchAlert alert) => new(EventName(alert.Kind), alert);

    public static string EventName(WatchAlertKind kind) => kind switch
    {
        WatchAlertKind.Down => "down",
        WatchAlertKind.Recovered => "recovered",
        _ => "reminder",
    };

    /// <summary>A test notice: names nothing real.</summary>
    public static Notice TestOf(string channelName, DateTimeOffset at) =>
        new(Test, new WatchAlert(WatchAlertKind.Down, "test", "test notification", "test", "this server", $"channel {channelName}",
            "a test sent from the Notifications page", at, 0, at));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The webhook's JSON body.</summary>
    public string WebhookJson() => JsonSerializer.Serialize(new
    {
        @event = Event,
        watch = new { id = Alert.WatchId, name = Alert.WatchName, group = Alert.Group },
        vantage = Alert.Vantage,
        target = Alert.Target,
        reason = Alert.Reason,
        at = Alert.At,
        incident = new { id = Alert.IncidentId, startedAt = Alert.IncidentStartedAt, durationSeconds = DurationSeconds },
    }, Json);

    /// <summary>For a recovery: how long the incident lasted, in whole seconds.</summary>
    public long? DurationSeconds => Alert.Kind == WatchAlertKind.Recovered && Event != Test
        ? (long)Math.Max(0, (Alert.At - Alert.IncidentStartedAt).TotalSeconds)
        : null;

    /// <summary>One line for a title or a subject: <c>DOWN: db-port (prod) from this server</c>.</summary>
    public string Title => $"{Event.ToUpperInvariant()}: {Alert.WatchName} ({Alert.Group}) from {Alert.Vantage}";

    /// <summary>The plain text body (ntfy, e-mail).</summary>
    public string Text()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Title}\n");
        text.Append(CultureInfo.InvariantCulture, $"Target: {Alert.Target}\n");
        text.Append(CultureInfo.InvariantCulture, $"Reason: {Alert.Reason}\n");
        text.Append(CultureInfo.InvariantCulture, $"At: {Stamp(Alert.At)}\n");
        if (Event != Test)
        {
            text.Append(CultureInfo.InvariantCulture, $"Incident {Alert.IncidentId} since {Stamp(Alert.IncidentStartedAt)}");
            text.Append(DurationSeconds is { } seconds ? $", lasted {Duration(seconds)}\n" : "\n");
        }

        return text.ToString();
    }

    /// <summary>The Slack-compatible <c>{"text": ...}</c> body, with the text's <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped as mrkdwn requires.</summary>
    public string SlackJson()
    {
        var icon = Event switch { "down" => ":red_circle:", "recovered" => ":large_green_circle:", "reminder" => ":warning:", _ => ":information_source:" };
        var lines = Text().TrimEnd('\n').Split('\n');
        var text = $"{icon} *{Mrkdwn(lines[0])}*\n" + string.Join('\n', lines.Skip(1).Select(Mrkdwn));
        return JsonSerializer.Serialize(new { text }, Json);
    }

    /// <summary>ntfy's priority: high for down and reminders, default otherwise.</summary>
    public string NtfyPriority => Event is "down" or "reminder" ? "high" : "default";

    public string NtfyTags => Event switch { "down" => "rotating_light", "recovered" => "white_check_mark", "reminder" => "warning", _ => "information_source" };

    public static string Mrkdwn(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private static string Duration(long seconds) => TimeSpan.FromSeconds(seconds) is var span && span.TotalHours >= 1
        ? $"{(int)span.TotalHours}h {span.Minutes}m {span.Seconds}s"
        : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s" : $"{span.Seconds}s";
}
