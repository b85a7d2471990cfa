using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Access;

/// <summary>
/// Refuses passwords that are long but guessable: too few different characters ("aaaaaaaaaaaa"), or one of
/// the most common long passwords (NIST SP 800-63B: check new passwords against known-bad lists). Identity
/// runs it wherever a password is set: adding a user, changing a password, the first admin.
/// </summary>
internal sealed class PasswordStrength : IPasswordValidator<DashboardUser>
{
    public const int MinDistinctCharacters = 5;

    private static readonly FrozenSet<string> Common = Load();

    public Task<IdentityResult> ValidateAsync(UserManager<DashboardUser> manager, DashboardUser user, string? password)
    {
        password ??= "";
        var distinct = password.Distinct().Count();
        if (distinct < MinDistinctCharacters)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooFewDistinctCharacters",
                Description = $"Passwords must have at least {MinDistinctCharacters} different characters; this one has {distinct}. A few words make a good one.",
            }));
        }

        if (IsCommon(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is on the list of the most common passwords; choose another. A few unrelated words make a good one.",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password) => Common.Contains(password.Trim());

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(PasswordStrength).Assembly.GetManifestResourceStream("Dashboard.Web.Access.CommonPasswords.txt")
                           ?? throw new InvalidOperationException("the embedded list of common passwords is missing");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                lines.Add(line.Trim());
            }
        }

        return lines.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
