using System.Security.Cryptography;
using Dashboard.Contracts.Agents;
using Dashboard.Web.Access;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>The <c>Agents</c> table: tokens made, checked and revoked; what each agent last told.</summary>
public sealed class AgentRegistry(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>What every agent token starts with: told apart from user tokens (<c>sdt_</c>) at a glance.</summary>
    public const string TokenScheme = "sda_";

    /// <summary>A new agent; the returned secret is the only copy.</summary>
    public async Task<(AgentRecord Agent, string Token)> CreateAsync(string name, string createdBy, CancellationToken cancellationToken)
    {
        var token = ApiTokens.NewSecret(TokenScheme);
        var agent = new AgentRecord
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Name = name,
            TokenHash = ApiTokens.HashOf(token),
            TokenPrefix = token[..8],
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        db.Agents.Add(agent);
        await db.SaveChangesAsync(cancellationToken);
        return (agent, token);
    }

    /// <summary>The agent holding <paramref name="secret"/>, or null when unknown or revoked.</summary>
    public async Task<AgentRecord?> CheckAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(TokenScheme, StringComparison.Ordinal) || secret.Length > 128)
        {
            return null;
        }

        var hash = ApiTokens.HashOf(secret);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.TokenHash == hash, cancellationToken);
        return agent is { RevokedAt: null } ? agent : null;
    }

    public async Task<List<AgentRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // A host without a database (the pages' component tests) has no agents to list.
        if (scope.ServiceProvider.GetService<DashboardDb>() is not { } db)
        {
            return [];
        }

        return await db.Agents.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);
    }

    /// <summary>The agent with this id, or else this name (names are kept in lower case).</summary>
    public async Task<AgentRecord?> FindAsync(string idOrName, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var lower = idOrName.ToLowerInvariant();
        return await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == idOrName, cancellationToken)
            ?? await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Name == lower, cancellationToken);
    }

    public async Task<int> CountActiveAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        return await db.Agents.CountAsync(a => a.RevokedAt == null, cancellationToken);
    }

    /// <summary>Marks it revoked; null when there is no such agent.</summary>
    public async Task<AgentRecord?> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agent is null)
        {
            return null;
        }

        agent.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return agent;
    }

    /// <summary>Writes what a connected agent told and when it was last seen.</summary>
    public async Task SeenAsync(ConnectedAgent agent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var row = await db.Agents.FirstOrDefaultAsync(a => a.Id == agent.AgentId, cancellationToken);
        if (row is null)
        {
            return;
        }

        row.LastSeenAt = agent.LastSeenAt;
        row.RoundTripMs = agent.RoundTripMs;
        if (agent.Hello is { } hello)
        {
            row.Version = hello.Version;
            row.Addresses = string.Join(',', hello.Addresses);
            row.Capabilities = string.Join(',', hello.Capabilities);
            row.Policy = hello.Policy;
        }

        await db.SaveChangesAsync(cancellationToken);
        agent.LastStoredAt = agent.LastSeenAt;
    }

    /// <summary>What an agent says of itself, cut to what the table and the pages hold.</summary>
    public static AgentHello Bounded(AgentHello hello) => new(
        Cut(hello.Name, 64), Cut(hello.Version, 32),
        [.. (hello.Addresses ?? []).Take(32).Select(a => Cut(a, 45))],
        [.. (hello.Capabilities ?? []).Take(16).Select(c => Cut(c, 16))],
        Cut(hello.Policy, 1024), Math.Clamp(hello.MaxCommands, 0, 4096));

    private static string Cut(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..max];
}
