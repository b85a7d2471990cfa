using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Access;

/// <summary>Sign-in settings. Configuration section <c>Auth</c> (environment: <c>Auth__BootstrapToken</c>, ...).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The first admin, created when there is no user at all.</summary>
    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    /// <summary>An admin token for automation, stored hashed; when it changes, the old one is revoked. At least 24 characters.</summary>
    [MinLength(24)]
    public string? BootstrapToken { get; set; }

    /// <summary>
    /// Wrong passwords before the account is locked, for browsers it has not signed in from (and, from one
    /// it has, before that browser counts as a stranger). Defaults to 5.
    /// </summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a lock lasts. Defaults to 15 minutes.</summary>
    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// How often an open hub connection or page re-reads its user's role, enabled state and token even when no change
    /// is announced (changes made through the dashboard are announced and take effect at once). Defaults to 5 seconds.
    /// </summary>
    [Range(1, 60)]
    public int RecheckSeconds { get; set; } = 5;

    /// <summary>How long a browser sign-in lasts without use. Defaults to 8 hours.</summary>
    [Range(1, 24 * 30)]
    public int SessionHours { get; set; } = 8;

    /// <summary>
    /// Failed sign-ins from one client address (an IPv6 /64) within <see cref="LockoutMinutes"/> before it may
    /// not try again, except from a browser that signed in before. Defaults to 10.
    /// </summary>
    [Range(1, 1000)]
    public int MaxFailedSignInsPerAddress { get; set; } = 10;

    /// <summary>
    /// Client addresses, and separately known browsers, whose failed sign-ins are counted in memory; past it the
    /// oldest count is forgotten (logged). Defaults to 10,000.
    /// </summary>
    [Range(100, 1_000_000)]
    public int MaxTrackedSignInSources { get; set; } = 10_000;

    /// <summary>How long a browser stays "known" (spared lockout and throttling) after a sign-in. Defaults to 90 days.</summary>
    [Range(1, 400)]
    public int KnownDeviceDays { get; set; } = 90;
}

public sealed class BootstrapAdminOptions
{
    /// <summary>The first admin's user name (an email or a plain name). Defaults to <c>admin</c>.</summary>
    [MaxLength(100)]
    public string Email { get; set; } = "admin";

    /// <summary>Their password; when unset one is generated and printed once to the log.</summary>
    public string? Password { get; set; }
}
