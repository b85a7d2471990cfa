namespace Dashboard.Web.Access;

/// <summary>
/// A personal API token for scripts: stored as the SHA-256 of the secret only (the secret is shown
/// once), with a role no higher than its user's and an optional expiry.
/// </summary>
public sealed class ApiToken
{
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    public DashboardUser? User { get; set; }

    /// <summary>What the user called it ("ci pipeline").</summary>
    public string Name { get; set; } = "";

    public Role Role { get; set; }

    /// <summary>SHA-256 of the whole token, lower-case hex: tokens are long random strings, so no salt or stretching is needed.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The token's first characters, to tell tokens apart in lists without revealing them.</summary>
    public string Prefix { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
