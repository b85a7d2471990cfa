using Dashboard.Web.Access;

namespace Dashboard.Web.Features.Account;

/// <summary>A user as the admin pages show it.</summary>
public sealed record UserSummary(string Id, string UserName, Role Role, bool Disabled, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, int ActiveTokens);

/// <summary>A token as lists show it: never its secret, only its first characters.</summary>
public sealed record TokenSummary(string Id, string Name, Role Role, string Prefix, string Owner, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool Active);
