using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Watches.Storage;
using Dashboard.Web.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Watches.StatusPages;

/// <summary>
/// A status page per group: everyone signed in reads it with details; an Admin may make it public at an unguessable
/// address (a 32-byte random token, stored as its SHA-256 for the look-up and encrypted with data protection so the
/// Admin can copy it again), rotate that address (the old one stops at once), or make it private. A public page shows
/// names and states only, unless the Admin ticked <see cref="StatusPageSettings.ShowDetails"/>.
/// </summary>
public sealed class StatusPageService : IDisposable
{
    /// <summary>Public reads one client address may make a minute; past it they are refused with a retry-after.</summary>
    public const int PublicReadsPerMinute = 120;

    public const string PublicPrefix = "/public/status/";

    private readonly IServiceScopeFactory _scopes;
    private readonly IDataProtector _protector;
    private readonly AuditQueue _audit;
    private readonly WatchEvents _events;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _publicReads = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = PublicReadsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        }));

    public StatusPageService(IServiceScopeFactory scopes, IDataProtectionProvider protection, AuditQueue audit, WatchEvents events, TimeProvider time)
    {
        _scopes = scopes;
        _protector = protection.CreateProtector("Dashboard.Watches.StatusPages.Token");
        _audit = audit;
        _events = events;
        _time = time;
    }

    /// <summary>The group's page settings; the public address only to an Admin.</summary>
    public async Task<StatusPageView> GetAsync(Actor actor, string? group, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading a status page");
        var name = GroupOf(group);
        await using var scope = _scopes.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<DashboardDb>().StatusPages.AsNoTracking().FirstOrDefaultAsync(p => p.Group == name, cancellationToken);
        return ViewOf(name, row, actor.Role >= Role.Admin);
    }

    /// <summary>Makes the page public or private, and says whether its public page shows details (Admin).</summary>
    /// <exception cref="RequestRefusedException">Not an Admin, or the group is not a group's name.</exception>
    public Task<StatusPageView> UpdateAsync(Actor actor, string? group, StatusPageSettings? settings, CancellationToken cancellationToken) =>
        _audit.TrackAsync(actor, AuditActions.StatusPage, group, () => ChangeAsync(actor, group, "changing a status page", row =>
        {
            var makePublic = settings?.IsPublic ?? row.IsPublic;
            row.ShowDetails = settings?.ShowDetails ?? row.ShowDetails;
            if (makePublic && !row.IsPublic)
            {
                NewToken(row);
            }
            else if (!makePublic)
            {
                (row.TokenHash, row.ProtectedToken) = (null, null);
            }

            row.IsPublic = makePublic;
        }, cancellationToken), Detail);

    /// <summary>A new public address; the old one answers 404 from now on (Admin).</summary>
    /// <exception cref="RequestRefusedException">Not an Admin, or the page is not public.</exception>
    public Task<StatusPageView> RotateAsync(Actor actor, string? group, CancellationToken cancellationToken) =>
        _audit.TrackAsync(actor, AuditActions.StatusPage, group, () => ChangeAsync(actor, group, "rotating a status page's address", row =>
        {
            if (!row.IsPublic)
            {
                throw RequestRefusedException.Conflict($"the status page of group '{row.Group}' is not public: make it public first (isPublic: true)");
            }

            NewToken(row);
        }, cancellationToken), view => "address rotated; " + Detail(view));

    /// <summary>The group's page as the signed in see it: every watch with its targets, vantage points and reasons.</summary>
    public async Task<StatusBoard> BoardAsync(Actor actor, string? group, CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "reading a status page");
        var name = GroupOf(group);
        await using var scope = _scopes.CreateAsyncScope();
        return await BoardOfAsync(scope.ServiceProvider.GetRequiredService<DashboardDb>(), name, details: true, cancellationToken);
    }

    /// <summary>The page behind a public address, for anyone: names and states, details only where the Admin allowed them.</summary>
    /// <exception cref="RequestRefusedException">Not found (no page has that token: never one, rotated or private), or too many reads from the address.</exception>
    public async Task<StatusBoard> PublicBoardAsync(string? token, IPAddress? client, CancellationToken cancellationToken)
    {
        using (var lease = _publicReads.AttemptAcquire(client?.ToString() ?? "unknown"))
        {
            if (!lease.IsAcquired)
            {
                throw new RequestRefusedException(ErrorKind.LimitReached,
                    $"more than {PublicReadsPerMinute} status page reads a minute from this address; try again shortly", TimeSpan.FromMinutes(1));
            }
        }

        // The look-up is by the token's hash, an indexed equality: how long it takes says nothing of how close a guess was.
        var hash = HashOf(token ?? "");
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var row = await db.StatusPages.AsNoTracking().FirstOrDefaultAsync(p => p.TokenHash == hash && p.IsPublic, cancellationToken)
            ?? throw RequestRefusedException.NotFound("no public status page has this address (it may have been rotated or made private)");
        return await BoardOfAsync(db, row.Group, row.ShowDetails, cancellationToken);
    }

    /// <summary>How a token is stored and looked up: its SHA-256, in hex.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<StatusPageView> ChangeAsync(Actor actor, string? group, string action, Action<StatusPageRow> change, CancellationToken cancellationToken)
    {
        actor.Require(Role.Admin, action);
        var name = GroupOf(group);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var row = await db.StatusPages.FirstOrDefaultAsync(p => p.Group == name, cancellationToken);
        if (row is null)
        {
            row = new StatusPageRow { Group = name };
            db.StatusPages.Add(row);
        }

        change(row);
        row.UpdatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken);
        // Other open status pages of the group re-read their settings.
        _events.Publish(await db.Watches.AsNoTracking().Where(w => w.Group == name).Select(w => w.Id).ToListAsync(cancellationToken), redefined: false);
        return ViewOf(name, row, admin: true);
    }

    private void NewToken(StatusPageRow row)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        row.TokenHash = HashOf(token);
        row.ProtectedToken = _protector.Protect(token);
    }

    private StatusPageView ViewOf(string group, StatusPageRow? row, bool admin)
    {
        string? path = null;
        if (admin && row is { IsPublic: true, ProtectedToken: { } protectedToken })
        {
            try
            {
                path = PublicPrefix + _protector.Unprotect(protectedToken);
            }
            catch (CryptographicException)
            {
                // The keys were lost (a new data directory without its keys): rotating makes a new address.
                path = null;
            }
        }

        return new StatusPageView(group, row?.IsPublic ?? false, row?.ShowDetails ?? false, path,
            row is null || row.UpdatedAtMs == 0 ? null : WatchRecords.At(row.UpdatedAtMs));
    }

    private async Task<StatusBoard> BoardOfAsync(DashboardDb db, string group, bool details, CancellationToken cancellationToken)
    {
        var records = await db.Watches.AsNoTracking().Where(w => w.Group == group).OrderBy(w => w.Name).ToListAsync(cancellationToken);
        var ids = records.Select(r => r.Id).ToList();
        var states = (await db.WatchStates.AsNoTracking().Where(s => ids.Contains(s.WatchId)).ToListAsync(cancellationToken)).ToLookup(s => s.WatchId);
        var watches = records.Select(r => WatchRecords.ViewOf(r, states[r.Id], null)).Select(view => new StatusBoardWatch(
            view.Spec.Name!, Overall(view.States), view.States.Min(s => s.Since),
            details ? WatchSpecs.Describe(view.Spec) : null,
            details ? [.. view.States.Select(s => new StatusBoardVantage(s.VantageName, s.Status, s.Since, s.LastReason, s.LastRttMs))] : []));
        return new StatusBoard(group, details, [.. watches], _time.GetUtcNow());
    }

    /// <summary>Down if any vantage point is down, up if all are up, paused if paused, else unknown.</summary>
    public static WatchStatus Overall(IReadOnlyList<WatchVantageState> states) =>
        states.Any(s => s.Status == WatchStatus.Down) ? WatchStatus.Down
        : states.Count > 0 && states.All(s => s.Status == WatchStatus.Up) ? WatchStatus.Up
        : states.Any(s => s.Status == WatchStatus.Paused) ? WatchStatus.Paused
        : WatchStatus.Unknown;

    private static string GroupOf(string? group)
    {
        var name = group?.Trim() ?? "";
        if (name.Length is 0 or > WatchRecord.MaxGroupLength || name.Any(char.IsControl))
        {
            throw new InvalidRequestException($"group must be a watch group's name, 1-{WatchRecord.MaxGroupLength} characters, got '{(name.Length > 20 ? name[..20] + "…" : name)}'");
        }

        return name;
    }

    private static string Detail(StatusPageView view) => $"{(view.IsPublic ? "public" : "private")}, details {(view.ShowDetails ? "shown" : "hidden")}";

    public void Dispose() => _publicReads.Dispose();
}
