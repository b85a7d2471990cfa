using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// The history's reads and writes, each in a database scope of its own (the recorders run beside requests).
/// Writes of one batch are one transaction: a chunk and its item's counters are stored together or not at all.
/// </summary>
public sealed class HistoryStore(IServiceScopeFactory scopes, ScaleOut.InstanceIdentity instance)
{
    /// <summary>Adds an item, with the chunks it has already (a listener's first events), in one transaction.</summary>
    public async Task AddAsync(HistoryItem item, IReadOnlyList<HistoryChunk> chunks, CancellationToken cancellationToken)
    {
        item.Bytes = SizeOf(item) + chunks.Sum(c => (long)c.Data.Length);
        item.Items = chunks.Sum(c => (long)c.Count);
        item.Instance ??= instance.Name;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        db.HistoryItems.Add(item);
        db.HistoryChunks.AddRange(chunks);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Appends chunks to an item and, when given, its new state, end and summary: one transaction, so after
    /// a crash the item's counters agree with its chunks.
    /// </summary>
    public async Task AppendAsync(string itemId, IReadOnlyList<HistoryChunk> chunks, ItemEnd? end, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.HistoryChunks.AddRange(chunks);
        await db.SaveChangesAsync(cancellationToken);
        var added = chunks.Sum(c => (long)c.Data.Length);
        var count = chunks.Sum(c => (long)c.Count);
        if (end is null)
        {
            await db.HistoryItems.Where(i => i.Id == itemId)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.Bytes, i => i.Bytes + added).SetProperty(i => i.Items, i => i.Items + count),
                    cancellationToken);
        }
        else
        {
            await db.HistoryItems.Where(i => i.Id == itemId)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.Bytes, i => i.Bytes - i.Summary.Length + added + end.Summary.Length)
                    .SetProperty(i => i.Items, i => i.Items + count)
                    .SetProperty(i => i.State, end.State)
                    .SetProperty(i => i.EndedAtMs, end.EndedAtMs)
                    .SetProperty(i => i.Summary, end.Summary), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<HistoryItem?> FindAsync(string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 32)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        return await db.HistoryItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
    }

    /// <summary>An item's chunks of one stream, in order.</summary>
    public async Task<List<HistoryChunk>> ChunksAsync(string id, int stream, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        return await db.HistoryChunks.AsNoTracking().Where(c => c.ItemId == id && c.Stream == stream).OrderBy(c => c.Seq)
            .ToListAsync(cancellationToken);
    }

    /// <summary>One page of items matching <paramref name="filter"/>, newest first, and how many match in all.</summary>
    public async Task<(int Total, List<HistoryItem> Items)> SearchAsync(HistoryFilter filter, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
        var query = db.HistoryItems.AsNoTracking()
            .WhereGiven(filter.Kind, kind => i => i.Kind == kind)
            .WhereGiven(filter.User, user => i => i.Owner == user)
            .WhereGiven(filter.State, state => i => i.State == state)
            .WhereWithin(filter.From, filter.To, i => i.StartedAtMs);

        if (filter.Search is { } text)
        {
            // Case-insensitive on both providers: the column and the text lowered alike.
            var lowered = text.ToLowerInvariant();
#pragma warning disable CA1862 // The overload with a StringComparison has no SQL translation; lowering both sides has, on every provider.
            query = query.Where(i => i.Target.ToLower().Contains(lowered) || i.Id == text);
#pragma warning restore CA1862
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(i => i.StartedAtMs).ThenBy(i => i.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (total, items);
    }

    /// <summary>What the item's own row weighs: its texts; the fixed columns are left out.</summary>
    public static long SizeOf(HistoryItem item) => item.Request.Length + item.Summary.Length + item.Target.Length;
}

/// <summary>An item's end: its final state, when, and its final summary.</summary>
public sealed record ItemEnd(string State, long EndedAtMs, string Summary);

/// <summary>What the history page and <c>GET /api/history</c> filter by; null for any.</summary>
public sealed record HistoryFilter(string? Kind = null, string? User = null, string? State = null, DateTimeOffset? From = null,
    DateTimeOffset? To = null, string? Search = null);
