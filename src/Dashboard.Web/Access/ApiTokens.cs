using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Dashboard.Web.Access;

/// <summary>
/// Personal API tokens: made (the secret shown once), checked on every request (from a short cache,
/// so a flood of requests does not become a flood of queries), revoked.
/// </summary>
public sealed class ApiTokens(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider time)
{
    /// <summary>How long a checked token is trusted before it is looked up again; a revocation also clears it at once.</summary>
    private static readonly TimeSpan CheckedFor = TimeSpan.FromSeconds(30);

    private const string Scheme = "sdt_";

    /// <summary>A token that passed: who it acts for and with which role.</summary>
    public sealed record Holder(string TokenId, string UserId, string UserName, Role Role);

    /// <summary>A new token for <paramref name="user"/>; the returned secret is the only copy.</summary>
    public async Task<(ApiToken Token, string Secret)> CreateAsync(DashboardDb db, DashboardUser user, string name, Role role,
        DateTimeOffset? expiresAt, CancellationToken cancellationToken, string? secret = null)
    {
        secret ??= NewSecret(Scheme);
        var token = new ApiToken
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            UserId = user.Id,
            Name = name,
            Role = role,
            Hash = HashOf(secret),
            Prefix = secret[..Math.Min(8, secret.Length)],
            CreatedAt = time.GetUtcNow(),
            ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return (token, secret);
    }

    /// <summary>
    /// A bearer secret: <paramref name="scheme"/> (which kind of token it is, at a glance) and 256 random bits in
    /// URL-safe base64, so it goes in a header or a command line as it is. User and agent tokens are both made here.
    /// </summary>
    public static string NewSecret(string scheme) => scheme + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The holder of <paramref name="secret"/>, or null when it is unknown, revoked, expired, or its user is disabled.</summary>
    public async Task<Holder?> CheckAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = HashOf(secret);
        if (cache.TryGetValue(hash, out Holder? known))
        {
            return known;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var token = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (token?.User is not { Disabled: false } user || !token.IsActive(now))
        {
            return null;
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        // A token never acts above its user's present role, whatever it was made with.
        var holder = new Holder(token.Id, user.Id, user.UserName ?? user.Id, (Role)Math.Min((int)token.Role, (int)user.Role));
        var expires = token.ExpiresAt is { } at && at - now < CheckedFor ? at - now : CheckedFor;
        cache.Set(hash, holder, expires);
        return holder;
    }

    /// <summary>Forgets every checked token, so revocations and user changes take effect at once.</summary>
    public void Forget()
    {
        if (cache is MemoryCache memory)
        {
            memory.Compact(1.0);
        }
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
