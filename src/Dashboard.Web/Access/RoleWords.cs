namespace Dashboard.Web.Access;

/// <summary>A role inside a sentence: "an Admin", "an Operator", "a Viewer".</summary>
public static class RoleWords
{
    public static string WithArticle(this Role role) => WithArticle(role.ToString());

    /// <summary>For a role read from a claim (or "guest"); the article follows the sound of its first letter.</summary>
    public static string WithArticle(string role) =>
        (role.Length > 0 && "AEIOUaeiou".Contains(role[0], StringComparison.Ordinal) ? "an " : "a ") + role;
}
