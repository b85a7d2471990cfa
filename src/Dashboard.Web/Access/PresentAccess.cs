using System.Collections.Concurrent;
using System.Security.Claims;
using Dashboard.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Access;

/// <summary>
/// The present state of every user and token, read from the database at most every
/// <see cref="AuthOptions.RecheckSeconds"/> and at once after an <see cref="AccessChange"/> from any instance.
/// Claims say who signed in and when; this says what they may do now. Every door asks it: the REST API and page
/// requests (<see cref="PresentAccessMiddleware"/>), each hub call and open hub connection
/// (<see cref="Hub.PresentAccessHubFilter"/>), each Blazor circuit (<see cref="PresentAuthenticationState"/>).
/// </summary>
public sealed class PresentAccess : IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IAccessChangeFeed _feed;
    private readonly TimeProvider _time;
    private readonly TimeSpan _recheck;
    private readonly string _stampClaim;
    private readonly IDisposable _subscription;
    private readonly ConcurrentDictionary<string, Cached<UserState>> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cached<TokenState>> _tokens = new(StringComparer.Ordinal);
    private readonly AccessChangeSubscribers _changed = new();
    private long _generation;

    public PresentAccess(IServiceScopeFactory scopes, IAccessChangeFeed feed, TimeProvider time, IOptions<AuthOptions> options,
        IOptions<IdentityOptions> identity)
    {
        (_scopes, _feed, _time) = (scopes, feed, time);
        _recheck = TimeSpan.FromSeconds(options.Value.RecheckSeconds);
        _stampClaim = identity.Value.ClaimsIdentity.SecurityStampClaimType;
        _subscription = feed.Subscribe(Forget);
    }

    /// <summary>How often a held connection re-reads its user even when no change is announced.</summary>
    public TimeSpan RecheckInterval => _recheck;

    /// <summary>Tells every instance that <paramref name="change"/> happened; each forgets what it knew, then tells its connections.</summary>
    public Task PublishAsync(AccessChange change, CancellationToken cancellationToken) => _feed.PublishAsync(change, cancellationToken);

    /// <summary>Called after a change has been forgotten here, with the change: connections re-check their user.</summary>
    public IDisposable OnChanged(Action<AccessChange> handler) => _changed.Add(handler);

    /// <summary>True for the principals this judges: people signed in with the browser's cookie or an API token.</summary>
    public static bool IsPerson(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, AuthenticationType: { } type } &&
        (type == TokenAuthentication.SchemeName || type == IdentityConstants.ApplicationScheme);

    /// <summary>What <paramref name="user"/> may do now.</summary>
    public async Task<Presence> CheckAsync(ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        if (user is null || !IsPerson(user) || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return Presence.Ended("you are not signed in");
        }

        var state = await UserAsync(userId, cancellationToken);
        if (state is null)
        {
            return Presence.Ended("your account no longer exists");
        }

        if (state.Disabled)
        {
            return Presence.Ended("your account was disabled by an Admin");
        }

        if (user.FindFirstValue(DashboardClaims.TokenId) is { } tokenId)
        {
            var token = await TokenAsync(tokenId, cancellationToken);
            if (token is null || token.UserId != userId || token.RevokedAt is not null)
            {
                return Presence.Ended("the token was revoked");
            }

            return token.ExpiresAt <= _time.GetUtcNow()
                ? Presence.Ended("the token expired")
                : new Presence((Role)Math.Min((int)token.Role, (int)state.Role), null);
        }

        // A browser sign-in carries the security stamp it was made with; signing out, a new password or a
        // sign-out everywhere changes the user's, and every cookie made before stops working.
        return user.FindFirstValue(_stampClaim) is { } stamp && !string.Equals(stamp, state.Stamp, StringComparison.Ordinal)
            ? Presence.Ended("this sign-in was ended (signed out, or the password was changed)")
            : new Presence(state.Role, null);
    }

    /// <summary>
    /// For what only some roles may change (users, tokens of others, policy, agents): the actor's role as stored this
    /// moment, read past every cache, must be at least <paramref name="needed"/> and the account enabled.
    /// </summary>
    /// <exception cref="RequestRefusedException">Forbidden, with the role the actor has now.</exception>
    public async Task RequireAsync(Actor actor, Role needed, string action, CancellationToken cancellationToken)
    {
        actor.Require(needed, action);
        await using var scope = _scopes.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<DashboardDb>().Users.AsNoTracking().Where(u => u.Id == actor.Id)
            .Select(u => new { u.Role, u.Disabled }).FirstOrDefaultAsync(cancellationToken);
        if (stored is null || stored.Disabled)
        {
            throw RequestRefusedException.Forbidden($"{action}: {actor.Name}'s account is disabled or gone");
        }

        if (stored.Role < needed)
        {
            throw RequestRefusedException.Forbidden($"{action} needs the {needed} role; {actor.Name} is now {stored.Role.WithArticle()}");
        }
    }

    /// <summary><paramref name="user"/> with <paramref name="role"/> in place of the role it carried.</summary>
    public static ClaimsPrincipal WithRole(ClaimsPrincipal user, Role role)
    {
        if (user.FindFirstValue(ClaimTypes.Role) == role.ToString() || user.Identity is not ClaimsIdentity identity)
        {
            return user;
        }

        var updated = identity.Clone();
        foreach (var claim in updated.FindAll(ClaimTypes.Role).ToList())
        {
            updated.RemoveClaim(claim);
        }

        updated.AddClaim(new Claim(ClaimTypes.Role, role.ToString()));
        return new ClaimsPrincipal(updated);
    }

    public void Dispose() => _subscription.Dispose();

    private void Forget(AccessChange change)
    {
        Interlocked.Increment(ref _generation);
        _users.TryRemove(change.UserId, out _);
        if (change.TokenId is { } tokenId)
        {
            _tokens.TryRemove(tokenId, out _);
        }

        _changed.Deliver(change);
    }

    private Task<UserState?> UserAsync(string userId, CancellationToken cancellationToken) =>
        ReadAsync(_users, userId, async (db, ct) => await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new UserState(u.Role, u.Disabled, u.SecurityStamp)).FirstOrDefaultAsync(ct), cancellationToken);

    private Task<TokenState?> TokenAsync(string tokenId, CancellationToken cancellationToken) =>
        ReadAsync(_tokens, tokenId, async (db, ct) => await db.ApiTokens.AsNoTracking().Where(t => t.Id == tokenId)
            .Select(t => new TokenState(t.UserId, t.Role, t.RevokedAt, t.ExpiresAt)).FirstOrDefaultAsync(ct), cancellationToken);

    private async Task<T?> ReadAsync<T>(ConcurrentDictionary<string, Cached<T>> cache, string key,
        Func<DashboardDb, CancellationToken, Task<T?>> read, CancellationToken cancellationToken) where T : class
    {
        var now = _time.GetTimestamp();
        if (cache.TryGetValue(key, out var known) && _time.GetElapsedTime(known.ReadAt, now) < _recheck)
        {
            return known.Value;
        }

        // A change announced while this read was on its way makes it stale: it is used once, not kept.
        var generation = Interlocked.Read(ref _generation);
        await using var scope = _scopes.CreateAsyncScope();
        var value = await read(scope.ServiceProvider.GetRequiredService<DashboardDb>(), cancellationToken);
        if (Interlocked.Read(ref _generation) == generation)
        {
            if (cache.Count >= MaxCached)
            {
                cache.Clear();
            }

            cache[key] = new Cached<T>(value, now);
        }

        return value;
    }

    // Users and tokens are few; the bound only keeps a flood of made-up ids from growing the map.
    private const int MaxCached = 10_000;

    private sealed record Cached<T>(T? Value, long ReadAt);

    private sealed record UserState(Role Role, bool Disabled, string? Stamp);

    private sealed record TokenState(string UserId, Role Role, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt);
}
