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

    /// <summary>Failed sign-ins before the account is locked. Defaults to 5.</summary>
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
}

public sealed class BootstrapAdminOptions
{
    /// <summary>The first admin's user name (an email or a plain name). Defaults to <c>admin</c>.</summary>
    [MaxLength(100)]
    public string Email { get; set; } = "admin";

    /// <summary>Their password; when unset one is generated and printed once to the log.</summary>
    public string? Password { get; set; }
}
