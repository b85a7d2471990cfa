namespace Dashboard.Web.Features.Notifications;

/// <summary>One channel as stored. Every URL, the HMAC secret, the ntfy token and the SMTP password are in <see cref="Protected"/>, encrypted.</summary>
public sealed class NotificationChannelRow
{
    public const int MaxNameLength = 64;
    public const int MaxErrorLength = 500;

    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary><c>webhook</c>, <c>slack</c>, <c>ntfy</c> or <c>email</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Groups it is routed for, comma-separated; empty for every group.</summary>
    public string Groups { get; set; } = "";

    /// <summary>Events it is told, comma-separated: <c>down</c>, <c>recovered</c>, <c>reminder</c>.</summary>
    public string Events { get; set; } = "";

    public bool Enabled { get; set; }

    /// <summary>The settings that are no secret (SMTP host, port, security, user, from, to) as JSON.</summary>
    public string Settings { get; set; } = "{}";

    /// <summary>The secrets as JSON, encrypted with data protection (<see cref="ChannelSecrets"/>).</summary>
    public string Protected { get; set; } = "";

    /// <summary>The Admin who last saved it: its destinations are checked against the policy as this user, with the role stored now.</summary>
    public string OwnerId { get; set; } = "";

    public string OwnerName { get; set; } = "";

    public long CreatedAtMs { get; set; }

    public long Delivered { get; set; }

    public long Failed { get; set; }

    /// <summary>The last failure in words, never a stack trace.</summary>
    public string? LastError { get; set; }

    public long? LastDeliveredAtMs { get; set; }

    public long? LastFailedAtMs { get; set; }
}

/// <summary>A time when alerts of a group (or of every group) are muted.</summary>
public sealed class MaintenanceWindowRow
{
    public const int MaxReasonLength = 200;

    public long Id { get; set; }

    /// <summary>The group it mutes; empty for every group.</summary>
    public string Group { get; set; } = "";

    public long StartsAtMs { get; set; }

    public long EndsAtMs { get; set; }

    public string Reason { get; set; } = "";

    public string CreatedByName { get; set; } = "";
}

/// <summary>A delivery waiting, or claimed by an instance that is making it (<see cref="PendingDeliveries"/>).</summary>
public sealed class NotificationDeliveryRow
{
    public long Id { get; set; }

    public string ChannelId { get; set; } = "";

    public string ChannelName { get; set; } = "";

    /// <summary>The <see cref="Notice"/> as JSON.</summary>
    public string Notice { get; set; } = "";

    public long QueuedAtMs { get; set; }

    /// <summary>The instance making it; null while it waits.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when the claim holds (Unix ms); 0 while it waits. A claim past this is anyone's again.</summary>
    public long ClaimedUntilMs { get; set; }
}
