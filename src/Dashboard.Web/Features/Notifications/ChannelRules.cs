using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MimeKit;

namespace Dashboard.Web.Features.Notifications;

/// <summary>A channel request checked field by field: what is stored, and the destinations to check against the policy.</summary>
public sealed record ChannelDraft(string Name, string Kind, IReadOnlyList<string> Groups, IReadOnlyList<string> Events, bool Enabled,
    ChannelSecrets Secrets, ChannelPlain Plain, string? NewSecret, IReadOnlyList<(string Field, string Host, int Port)> Destinations);

/// <summary>The rules of a channel's fields; each refusal names the field, what is allowed and what was given.</summary>
public static partial class ChannelRules
{
    public const int MaxGroups = 50;
    public const int MaxGroupLength = 64;
    public const int MaxUrlLength = 2_048;
    public const int MaxRecipients = 20;

    /// <param name="request">As sent.</param>
    /// <param name="kept">On a change: the stored secrets, used where the request leaves one out; null on create.</param>
    /// <param name="keptPlain">On a change: the stored settings that are no secret.</param>
    /// <param name="keptKind">On a change: the stored kind; another kind starts afresh.</param>
    /// <exception cref="InvalidRequestException">A field breaks its rule.</exception>
    public static ChannelDraft Check(ChannelRequest? request, ChannelSecrets? kept, ChannelPlain? keptPlain, string? keptKind)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { name, kind, groups?, events?, enabled?, webhook | slack | ntfy | email }");
        }

        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > NotificationChannelRow.MaxNameLength || name.Any(char.IsControl))
        {
            throw new InvalidRequestException($"name must be 1-{NotificationChannelRow.MaxNameLength} printable characters, got '{request.Name}'");
        }

        var kind = request.Kind?.Trim().ToLowerInvariant() ?? "";
        if (!ChannelKinds.All.Contains(kind))
        {
            throw new InvalidRequestException($"kind must be one of {string.Join(", ", ChannelKinds.All)}, got '{request.Kind}'");
        }

        // A change of kind starts its settings afresh: another kind's secrets mean nothing to it.
        if (keptKind != kind)
        {
            (kept, keptPlain) = (null, null);
        }

        var groups = Groups(request.Groups);
        var events = Events(request.Events);
        var common = new ChannelDraft(name, kind, groups, events, request.Enabled ?? true, new ChannelSecrets(), new ChannelPlain(), null, []);
        return kind switch
        {
            ChannelKinds.Webhook => Webhook(common, request.Webhook, kept),
            ChannelKinds.Slack => Slack(common, request.Slack, kept),
            ChannelKinds.Ntfy => Ntfy(common, request.Ntfy, kept),
            _ => Email(common, request.Email, kept, keptPlain),
        };
    }

    private static List<string> Groups(IReadOnlyList<string>? groups)
    {
        var list = (groups ?? []).Select(g => g?.Trim() ?? "").ToList();
        if (list.Count > MaxGroups)
        {
            throw new InvalidRequestException($"groups: at most {MaxGroups} groups, got {list.Count}");
        }

        if (list.FirstOrDefault(g => g.Length is 0 or > MaxGroupLength || g.Contains(',', StringComparison.Ordinal)) is { } bad)
        {
            throw new InvalidRequestException($"groups: each must be 1-{MaxGroupLength} characters without ',', got '{bad}'");
        }

        return [.. list.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static List<string> Events(IReadOnlyList<string>? events)
    {
        if (events is null)
        {
            return [.. ChannelKinds.Events];
        }

        var list = events.Select(e => e?.Trim().ToLowerInvariant() ?? "").Distinct().ToList();
        if (list.Count == 0 || list.Any(e => !ChannelKinds.Events.Contains(e)))
        {
            throw new InvalidRequestException($"events must be one or more of {string.Join(", ", ChannelKinds.Events)}, got [{string.Join(", ", events)}]");
        }

        return [.. ChannelKinds.Events.Where(list.Contains)];
    }

    private static ChannelDraft Webhook(ChannelDraft common, WebhookSettings? webhook, ChannelSecrets? kept)
    {
        var (url, uri) = Url("webhook.url", webhook?.Url, kept?.Url);
        var given = webhook?.Secret?.Trim();
        string? created = null;
        if (string.IsNullOrEmpty(given))
        {
            given = kept?.HmacSecret;
            if (given is null)
            {
                created = given = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            }
        }
        else if (given.Length is < 16 or > 256 || given.Any(char.IsControl))
        {
            throw new InvalidRequestException($"webhook.secret must be 16-256 printable characters (or empty: one is generated), got {given.Length} characters");
        }

        return common with { Secrets = new ChannelSecrets(Url: url, HmacSecret: given), NewSecret = created, Destinations = [("webhook.url", uri.Host, uri.Port)] };
    }

    private static ChannelDraft Slack(ChannelDraft common, SlackSettings? slack, ChannelSecrets? kept)
    {
        var (url, uri) = Url("slack.url", slack?.Url, kept?.Url);
        return common with { Secrets = new ChannelSecrets(Url: url), Destinations = [("slack.url", uri.Host, uri.Port)] };
    }

    private static ChannelDraft Ntfy(ChannelDraft common, NtfySettings? ntfy, ChannelSecrets? kept)
    {
        var (server, uri) = Url("ntfy.server", ntfy?.Server, kept?.Server);
        var topic = string.IsNullOrWhiteSpace(ntfy?.Topic) ? kept?.Topic : ntfy.Topic.Trim();
        if (topic is null || !TopicPattern().IsMatch(topic))
        {
            throw new InvalidRequestException($"ntfy.topic must be 1-64 letters, digits, '-' or '_', got '{ntfy?.Topic}'");
        }

        var token = ntfy?.Token is null ? kept?.Token : ntfy.Token.Trim();
        if (token is { Length: > 256 } || token?.Any(c => c is < '!' or > '~') == true)
        {
            throw new InvalidRequestException("ntfy.token must be at most 256 printable ASCII characters without spaces");
        }

        var secrets = new ChannelSecrets(Server: server, Topic: topic, Token: string.IsNullOrEmpty(token) ? null : token);
        return common with { Secrets = secrets, Destinations = [("ntfy.server", uri.Host, uri.Port)] };
    }

    private static ChannelDraft Email(ChannelDraft common, EmailSettings? email, ChannelSecrets? kept, ChannelPlain? keptPlain)
    {
        var host = email?.Host?.Trim() ?? "";
        if (host.Length is 0 or > 253 || Uri.CheckHostName(host.TrimStart('[').TrimEnd(']')) == UriHostNameType.Unknown)
        {
            throw new InvalidRequestException($"email.host must be a host name or an address, got '{email?.Host}'");
        }

        var security = email?.Security?.Trim().ToLowerInvariant() ?? "starttls";
        if (!ChannelKinds.Securities.Contains(security))
        {
            throw new InvalidRequestException($"email.security must be one of {string.Join(", ", ChannelKinds.Securities)}, got '{email?.Security}'");
        }

        var port = email?.Port ?? security switch { "ssl" => 465, "starttls" => 587, _ => 25 };
        if (port is < 1 or > 65_535)
        {
            throw new InvalidRequestException($"email.port must be 1-65535, got {port.ToString(CultureInfo.InvariantCulture)}");
        }

        var user = string.IsNullOrWhiteSpace(email?.User) ? null : email.User.Trim();
        var password = email?.Password ?? (user is not null && user == keptPlain?.User ? kept?.Password : null);
        if (!string.IsNullOrEmpty(password) && security == "none")
        {
            throw new InvalidRequestException("email.password would cross the network in clear with security none; choose starttls or ssl");
        }

        var from = email?.From?.Trim() ?? "";
        if (!MailboxAddress.TryParse(from, out _) || !from.Contains('@', StringComparison.Ordinal))
        {
            throw new InvalidRequestException($"email.from must be an e-mail address, got '{email?.From}'");
        }

        var to = (email?.To ?? []).Select(t => t?.Trim() ?? "").ToList();
        if (to.Count is 0 or > MaxRecipients)
        {
            throw new InvalidRequestException($"email.to must list 1-{MaxRecipients} addresses, got {to.Count}");
        }

        if (to.FirstOrDefault(t => !MailboxAddress.TryParse(t, out _) || !t.Contains('@', StringComparison.Ordinal)) is { } bad)
        {
            throw new InvalidRequestException($"email.to: '{bad}' is not an e-mail address");
        }

        return common with
        {
            Secrets = new ChannelSecrets(Password: string.IsNullOrEmpty(password) ? null : password),
            Plain = new ChannelPlain(host, port, security, user, from, to),
            Destinations = [("email.host", host, port)],
        };
    }

    private static (string Url, Uri Uri) Url(string field, string? given, string? kept)
    {
        var url = string.IsNullOrWhiteSpace(given) ? kept : given.Trim();
        if (url is null)
        {
            throw new InvalidRequestException($"{field} is required: an http or https URL");
        }

        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw new InvalidRequestException($"{field} must be an http or https URL of at most {MaxUrlLength} characters, got '{SecretMask.Url(url)}'");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new InvalidRequestException($"{field} must not carry a user name or password");
        }

        return (url, uri);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicPattern();
}
