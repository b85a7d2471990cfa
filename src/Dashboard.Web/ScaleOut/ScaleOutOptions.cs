using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// Several dashboards behind one address (section <c>ScaleOut</c>): off unless <see cref="Redis"/> is set.
/// Scaled out, the instances share PostgreSQL (history, accounts, agents, leases) and one Redis (the SignalR
/// backplane, the relay between instances, which agent is connected where).
/// </summary>
public sealed class ScaleOutOptions
{
    public const string Section = "ScaleOut";

    /// <summary>The Redis server, <c>host:port</c> (any StackExchange.Redis configuration string). Empty: one instance, no Redis.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// This instance's name among the others: what its running scans and listeners are stored under, and
    /// where the others send what concerns them. Defaults to the machine name and the port it listens on;
    /// it must stay the same across restarts (a restarted instance takes back what it left running).
    /// </summary>
    [RegularExpression("^[A-Za-z0-9._:-]{1,100}$", ErrorMessage = "ScaleOut:InstanceName must be 1-100 letters, digits, '.', '_', ':' or '-'")]
    public string? InstanceName { get; set; }

    /// <summary>
    /// How long an instance that stopped renewing its lease is still believed alive. After that a survivor marks what it
    /// left running <c>interrupted</c>. Defaults to 30 s: longer than a garbage collection or a slow database, shorter than a user's patience.
    /// </summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an instance renews its lease and looks for expired ones. Defaults to 5 s; must be below <see cref="LeaseSeconds"/>.</summary>
    [Range(1, 600)]
    public int RenewSeconds { get; set; } = 5;

    /// <summary>
    /// Prefix of every Redis key and channel of this deployment, SignalR's (Blazor's circuits ride it too) and the
    /// relay's, so two deployments can share one Redis. Defaults to <c>socket-dashboard</c>.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9._:-]{1,64}$", ErrorMessage = "ScaleOut:ChannelPrefix must be 1-64 letters, digits, '.', '_', ':' or '-'")]
    public string ChannelPrefix { get; set; } = "socket-dashboard";

    /// <summary>How long a call to another instance may take before it is given up (an agent's probe with its timeout included). Defaults to 60 s.</summary>
    [Range(1, 3600)]
    public int CallTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// How often a mirror of another instance's scan reads what was stored of it even without a wake-up over Redis
    /// (one is published after each stored batch, so this only matters when one is lost). Defaults to 2,000 ms.
    /// </summary>
    [Range(50, 60_000)]
    public int MirrorPollMs { get; set; } = 2_000;

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
