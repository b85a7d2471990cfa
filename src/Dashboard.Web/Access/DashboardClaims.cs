using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Access;

/// <summary>The claims a signed-in user carries: Identity's own and the role.</summary>
public sealed class DashboardClaims(UserManager<DashboardUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<DashboardUser>(users, options)
{
    /// <summary>Set on a principal made from an API token: the token's id.</summary>
    public const string TokenId = "sd:token";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DashboardUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        return identity;
    }
}
