using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Access;

/// <summary>A person who signs in. The user name is what lists show as owner.</summary>
public sealed class DashboardUser : IdentityUser
{
    /// <summary>What the user may do; tokens carry this role or a lower one.</summary>
    public Role Role { get; set; } = Role.Viewer;

    /// <summary>A disabled user cannot sign in, and their tokens stop working.</summary>
    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
