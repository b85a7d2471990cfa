using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Account;

/// <summary>
/// Users and tokens, with their rules: Admins manage users; everyone changes their own password and
/// makes tokens with a role no higher than their own; a token is revoked by its owner or an Admin.
/// Every change is audited (never a password or a token's secret).
/// </summary>
public sealed class AccountService(IServiceScopeFactory scopes, ApiTokens tokens, TimeProvider time, AuditQueue audit, PresentAccess access)
{
    public const int MaxTokenNameLength = 100;
    public const int MaxTokenDays = 366;

    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Role.Admin, "listing users", cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var now = time.GetUtcNow();
        var users = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        var active = await db.ApiTokens.AsNoTracking().Where(t => t.RevokedAt == null).Select(t => new { t.UserId, t.ExpiresAt }).ToListAsync(cancellationToken);
        return [.. users.OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).Select(u => Summary(u, active.Count(t => t.UserId == u.Id && (t.ExpiresAt is null || t.ExpiresAt > now)), now))];
    }

    /// <exception cref="RequestRefusedException">Not an Admin, or a name or password that Identity refuses (the message says why).</exception>
    public Task<UserSummary> AddUserAsync(Actor actor, string? userName, string? password, Role role, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.UserAdd, userName?.Trim(), () => AddUserCoreAsync(actor, userName, password, role, cancellationToken), added => $"as {added.Role}");

    private async Task<UserSummary> AddUserCoreAsync(Actor actor, string? userName, string? password, Role role, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Role.Admin, "adding users", cancellationToken);
        if (string.IsNullOrWhiteSpace(userName))
        {
            throw new InvalidRequestException("userName is required: a name or an email address");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = new DashboardUser
        {
            UserName = userName.Trim(),
            Email = userName.Contains('@', StringComparison.Ordinal) ? userName.Trim() : null,
            Role = role,
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password ?? "");
        Check(created, userName.Trim());
        return Summary(user, 0, time.GetUtcNow());
    }

    /// <exception cref="RequestRefusedException">Not an Admin, no such user, or the last Admin demoting themselves.</exception>
    public Task SetRoleAsync(Actor actor, string userId, Role role, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.UserRole, userId, () => SetRoleCoreAsync(actor, userId, role, cancellationToken),
            changed => $"{changed.Was} → {role}", changed => changed.Name);

    private async Task<(string Name, Role Was)> SetRoleCoreAsync(Actor actor, string userId, Role role, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Role.Admin, "changing roles", cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await Find(users, userId);
        if (user.Role == Role.Admin && role < Role.Admin && await OtherEnabledAdmins(users, user.Id, cancellationToken) == 0)
        {
            throw RequestRefusedException.Conflict($"{user.UserName} is the last enabled Admin: make another Admin first");
        }

        var was = user.Role;
        user.Role = role;
        Check(await users.UpdateAsync(user), user.UserName!);
        tokens.Forget();
        // Their open pages and connections take the new role at once (on every instance); their sign-ins stay.
        await access.PublishAsync(new AccessChange(user.Id), cancellationToken);
        return (user.UserName!, was);
    }

    /// <summary>Disables (their sign-ins, tokens and open connections end at once) or enables a user.</summary>
    /// <exception cref="RequestRefusedException">Not an Admin, no such user, or disabling oneself.</exception>
    public Task SetDisabledAsync(Actor actor, string userId, bool disabled, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, disabled ? AuditActions.UserDisable : AuditActions.UserEnable, userId,
            () => SetDisabledCoreAsync(actor, userId, disabled, cancellationToken), name => disabled ? "sign-ins, tokens and open connections end at once" : "",
            name => name);

    private async Task<string> SetDisabledCoreAsync(Actor actor, string userId, bool disabled, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Role.Admin, disabled ? "disabling users" : "enabling users", cancellationToken);
        if (disabled && userId == actor.Id)
        {
            throw RequestRefusedException.Conflict("you cannot disable yourself: ask another Admin");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await Find(users, userId);
        user.Disabled = disabled;
        // Identity's lockout is what keeps a disabled user from signing in.
        user.LockoutEnabled = true;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        Check(await users.UpdateAsync(user), user.UserName!);
        Check(await users.UpdateSecurityStampAsync(user), user.UserName!);
        tokens.Forget();
        await access.PublishAsync(new AccessChange(user.Id), cancellationToken);
        return user.UserName!;
    }

    /// <summary>
    /// Deletes a user: their tokens go with them and their open connections end at once; what they did stays in
    /// history and the audit trail under their name (stored there as text).
    /// </summary>
    /// <exception cref="RequestRefusedException">Not an Admin, no such user, oneself, or the last enabled Admin.</exception>
    public Task DeleteUserAsync(Actor actor, string userId, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.UserDelete, userId, () => DeleteUserCoreAsync(actor, userId, cancellationToken),
            deleted => $"{deleted.Tokens} token(s) deleted with them; their history keeps their name", deleted => deleted.Name);

    private async Task<(string Name, int Tokens)> DeleteUserCoreAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Role.Admin, "deleting users", cancellationToken);
        if (userId == actor.Id)
        {
            throw RequestRefusedException.Conflict("you cannot delete yourself: ask another Admin");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await Find(users, userId);
        if (user.Role == Role.Admin && !user.Disabled && await OtherEnabledAdmins(users, user.Id, cancellationToken) == 0)
        {
            throw RequestRefusedException.Conflict($"{user.UserName} is the last enabled Admin: make another Admin first");
        }

        // Not left to the database's cascade: the count is audited, and the cache forgets them below.
        var deletedTokens = await Db(scope).ApiTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        Check(await users.DeleteAsync(user), user.UserName!);
        tokens.Forget();
        await access.PublishAsync(new AccessChange(user.Id), cancellationToken);
        return (user.UserName!, deletedTokens);
    }

    /// <exception cref="RequestRefusedException">The current password is wrong, or the new one is refused (the message says why).</exception>
    public Task ChangePasswordAsync(Actor actor, string? current, string? next, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.PasswordChange, actor.Name, () => ChangePasswordCoreAsync(actor, current, next, cancellationToken),
            _ => "every sign-in made with the old password ended");

    private async Task<bool> ChangePasswordCoreAsync(Actor actor, string? current, string? next, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "changing your password");
        await using var scope = scopes.CreateAsyncScope();
        var users = Users(scope);
        var user = await Find(users, actor.Id);
        var changed = await users.ChangePasswordAsync(user, current ?? "", next ?? "");
        if (changed.Errors.Any(e => e.Code == "PasswordMismatch"))
        {
            throw new InvalidRequestException("currentPassword is not your current password");
        }

        Check(changed, user.UserName!, "newPassword");
        await access.PublishAsync(new AccessChange(user.Id), cancellationToken);
        return true;
    }

    /// <summary>The actor's tokens; with <paramref name="everyone"/> (Admins only) every user's.</summary>
    public async Task<IReadOnlyList<TokenSummary>> ListTokensAsync(Actor actor, bool everyone, CancellationToken cancellationToken)
    {
        actor.Require(everyone ? Role.Admin : Role.Viewer, everyone ? "listing everyone's tokens" : "listing your tokens");
        await using var scope = scopes.CreateAsyncScope();
        var query = Db(scope).ApiTokens.AsNoTracking().Include(t => t.User).AsQueryable();
        if (!everyone)
        {
            query = query.Where(t => t.UserId == actor.Id);
        }

        var now = time.GetUtcNow();
        return [.. (await query.ToListAsync(cancellationToken)).OrderByDescending(t => t.CreatedAt).Select(t => Summary(t, now))];
    }

    /// <summary>A new token; its secret is returned this once and never again.</summary>
    /// <exception cref="RequestRefusedException">A name, role or expiry out of bounds.</exception>
    public Task<(TokenSummary Token, string Secret)> CreateTokenAsync(Actor actor, string? name, Role role, int? expiresInDays,
        CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.TokenCreate, name?.Trim(), () => CreateTokenCoreAsync(actor, name, role, expiresInDays, cancellationToken),
            made => $"{made.Token.Id}: role {made.Token.Role}, expires {made.Token.ExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}",
            made => made.Token.Name);

    private async Task<(TokenSummary Token, string Secret)> CreateTokenCoreAsync(Actor actor, string? name, Role role, int? expiresInDays,
        CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "making a token");
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxTokenNameLength)
        {
            throw new InvalidRequestException($"name is required: 1-{MaxTokenNameLength} characters, e.g. 'ci pipeline', got {name?.Length ?? 0}");
        }

        if (role > actor.Role)
        {
            throw RequestRefusedException.Forbidden($"role: a token's role can be at most yours ({actor.Role}), got {role}");
        }

        if (expiresInDays is < 1 or > MaxTokenDays)
        {
            throw new InvalidRequestException($"expiresInDays must be 1-{MaxTokenDays}, or empty for no expiry, got {expiresInDays}");
        }

        await using var scope = scopes.CreateAsyncScope();
        var user = await Find(Users(scope), actor.Id);
        var expiresAt = expiresInDays is { } days ? time.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
        var (token, secret) = await tokens.CreateAsync(Db(scope), user, name.Trim(), role, expiresAt, cancellationToken);
        token.User = user;
        return (Summary(token, time.GetUtcNow()), secret);
    }

    /// <exception cref="RequestRefusedException">No such token, or not the actor's to revoke.</exception>
    public Task RevokeTokenAsync(Actor actor, string tokenId, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.TokenRevoke, tokenId, () => RevokeTokenCoreAsync(actor, tokenId, cancellationToken),
            revoked => $"{revoked.Id} of {revoked.User?.UserName ?? revoked.UserId}", revoked => revoked.Name);

    private async Task<ApiToken> RevokeTokenCoreAsync(Actor actor, string tokenId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var token = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken)
                    ?? throw RequestRefusedException.NotFound($"tokenId '{tokenId}' is not a token");
        if (token.UserId != actor.Id)
        {
            await access.RequireAsync(actor, Role.Admin, $"revoking {token.User?.UserName}'s token", cancellationToken);
        }

        token.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        tokens.Forget();
        await access.PublishAsync(new AccessChange(token.UserId, token.Id), cancellationToken);
        return token;
    }

    private static DashboardDb Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<DashboardDb>();

    private static UserManager<DashboardUser> Users(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();

    private static async Task<DashboardUser> Find(UserManager<DashboardUser> users, string userId) =>
        await users.FindByIdAsync(userId) ?? throw RequestRefusedException.NotFound($"userId '{userId}' is not a user");

    private static Task<int> OtherEnabledAdmins(UserManager<DashboardUser> users, string userId, CancellationToken cancellationToken) =>
        users.Users.CountAsync(u => u.Id != userId && u.Role == Role.Admin && !u.Disabled, cancellationToken);

    private static void Check(IdentityResult result, string userName, string field = "password")
    {
        if (result.Succeeded)
        {
            return;
        }

        var duplicate = result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail");
        if (duplicate)
        {
            throw RequestRefusedException.Conflict($"userName '{userName}' is taken: choose another name");
        }

        var message = string.Join(" ", result.Errors.Select(e => e.Description));
        throw new InvalidRequestException($"{(result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? field : "userName")}: {message}");
    }

    private static UserSummary Summary(DashboardUser user, int activeTokens, DateTimeOffset now) =>
        new(user.Id, user.UserName ?? user.Id, user.Role, user.Disabled, user.LockoutEnd > now && !user.Disabled ? user.LockoutEnd : null, user.CreatedAt,
            activeTokens);

    private static TokenSummary Summary(ApiToken token, DateTimeOffset now) =>
        new(token.Id, token.Name, token.Role, token.Prefix, token.User?.UserName ?? token.UserId, token.CreatedAt, token.ExpiresAt, token.RevokedAt,
            token.LastUsedAt, token.IsActive(now));
}
