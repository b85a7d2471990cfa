namespace Dashboard.Web.Access;

/// <summary>
/// What a signed-in principal may do now: its user's present role (a token's, capped by its user's), or why its
/// access has ended. Read by every long-lived door before it acts.
/// </summary>
/// <param name="Role">The role now; null when <paramref name="EndedBecause"/> says why there is none.</param>
/// <param name="EndedBecause">Why this sign-in or token no longer works, in words a user reads.</param>
public sealed record Presence(Role? Role, string? EndedBecause)
{
    public static Presence Ended(string why) => new(null, why);

    public bool Active => EndedBecause is null;
}
