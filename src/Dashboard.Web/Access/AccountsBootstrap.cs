using System.Security.Cryptography;
using Dashboard.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Access;

/// <summary>
/// On a first run (no user at all) makes the admin and says how to sign in; keeps the configured
/// bootstrap token in force (stored hashed; a changed value revokes the old one).
/// </summary>
internal sealed class AccountsBootstrap(IServiceScopeFactory scopes, IOptions<AuthOptions> options, ApiTokens tokens, TimeProvider time,
    ILogger<AccountsBootstrap> logger) : IHostedService
{
    public const string BootstrapTokenName = "bootstrap (Auth:BootstrapToken)";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var admin = await users.Users.AnyAsync(cancellationToken) ? null : await CreateAdminAsync(users);
        if (options.Value.BootstrapToken is { Length: > 0 } secret)
        {
            await KeepBootstrapTokenAsync(db, users, secret, admin, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<DashboardUser> CreateAdminAsync(UserManager<DashboardUser> users)
    {
        var settings = options.Value.BootstrapAdmin;
        var generated = string.IsNullOrEmpty(settings.Password);
        var password = generated ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y') : settings.Password!;
        var admin = new DashboardUser
        {
            UserName = settings.Email,
            Email = settings.Email.Contains('@', StringComparison.Ordinal) ? settings.Email : null,
            Role = Role.Admin,
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(
                $"the first admin could not be created: Auth:BootstrapAdmin: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }

        if (generated)
        {
            AccessLog.FirstRunGenerated(logger, admin.UserName!, password);
        }
        else
        {
            AccessLog.FirstRunConfigured(logger, admin.UserName!);
        }

        return admin;
    }

    private async Task KeepBootstrapTokenAsync(DashboardDb db, UserManager<DashboardUser> users, string secret, DashboardUser? admin,
        CancellationToken cancellationToken)
    {
        var hash = ApiTokens.HashOf(secret);
        var existing = await db.ApiTokens.Where(t => t.Name == BootstrapTokenName && t.RevokedAt == null).ToListAsync(cancellationToken);
        if (existing.Any(t => t.Hash == hash))
        {
            return;
        }

        existing.ForEach(t => t.RevokedAt = time.GetUtcNow());
        // Ordered here, not in SQL: SQLite cannot order by a DateTimeOffset, and admins are few.
        var admins = await users.Users.Where(u => u.Role == Role.Admin && !u.Disabled).ToListAsync(cancellationToken);
        var owner = admin ?? admins.OrderBy(u => u.CreatedAt).FirstOrDefault()
            ?? throw new InvalidOperationException("Auth:BootstrapToken is set but there is no enabled admin to own it");
        await tokens.CreateAsync(db, owner, BootstrapTokenName, Role.Admin, expiresAt: null, cancellationToken, secret);
        AccessLog.BootstrapTokenStored(logger, owner.UserName!);
    }
}
