using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Features.Notifications;

/// <summary>How alerts are delivered to channels (section <c>Notifications</c>). Every bound is counted when it is hit.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>
    /// Deliveries waiting at once on this instance. Defaults to 1,000: far above the alerts of a bad minute, small in
    /// memory. When it is full a delivery is dropped, counted, shown on the Notifications page and audited.
    /// </summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>Deliveries in flight at once. Defaults to 4, so one slow channel does not hold back the others.</summary>
    [Range(1, 64)]
    public int ConcurrentDeliveries { get; set; } = 4;

    /// <summary>Retries after a failed attempt (a 5xx, 408 or 429 answer, a timeout, a lost connection). Defaults to 3.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay in milliseconds; each next one doubles, with jitter. Defaults to 2,000.</summary>
    [Range(0, 60_000)]
    public int RetryDelayMs { get; set; } = 2_000;

    /// <summary>The longest one attempt may take, in seconds. Defaults to 10.</summary>
    [Range(1, 300)]
    public int AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>The longest one delivery may take with every retry, in seconds. Defaults to 60.</summary>
    [Range(1, 3_600)]
    public int TotalTimeoutSeconds { get; set; } = 60;

    /// <summary>How long resolving a destination's name may take, in milliseconds. Defaults to 5,000.</summary>
    [Range(100, 60_000)]
    public int ResolveTimeoutMs { get; set; } = 5_000;

    /// <summary>Channels at most. Defaults to 50.</summary>
    [Range(1, 1_000)]
    public int MaxChannels { get; set; } = 50;

    /// <summary>Maintenance windows kept at most (past ones too, until deleted). Defaults to 200.</summary>
    [Range(1, 10_000)]
    public int MaxMaintenanceWindows { get; set; } = 200;
}
