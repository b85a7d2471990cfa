using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Watches.Storage;
using Dashboard.Web.Hosting;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Watches.AsCode;

/// <summary>An import that applies nothing because some watch in it is invalid or not the importer's to change; it carries the whole answer.</summary>
public sealed class WatchImportRefusedException(WatchImportResult result, string message) : RequestRefusedException(ErrorKind.Invalid, message)
{
    public WatchImportResult Result { get; } = result;
}

/// <summary>
/// Applies a YAML document of watches by name, idempotently: the new are made, the changed replaced, the same left
/// alone; with prune, the watches of the document's groups it does not name are deleted (those the importer may
/// delete). Every watch is checked first, with the importer's powers, as <see cref="WatchService"/> checks one; if
/// any fails, nothing is applied. A dry run stops there and answers the same. One audit row per import, besides the
/// rows of each change it makes through <see cref="WatchService"/>.
/// </summary>
public sealed class WatchImport(IServiceScopeFactory scopes, WatchService watches, IOptions<WatchOptions> options, AuditQueue audit)
{
    /// <summary>The largest document taken, in bytes.</summary>
    public const int MaxBytes = 1 << 20;

    private sealed record Planned(WatchImportItem Item, WatchSpec? Spec, WatchRecord? Existing);

    /// <exception cref="RequestRefusedException">Not an Operator, not YAML of the shape, over a bound, or (<see cref="WatchImportRefusedException"/>) a watch in error.</exception>
    public Task<WatchImportResult> ImportAsync(Actor actor, string yaml, bool dryRun, bool prune, CancellationToken cancellationToken) =>
        audit.TrackAsync(actor, AuditActions.WatchImport, null, async () =>
        {
            actor.Require(Role.Operator, "importing watches");
            var entries = WatchYaml.Read(yaml);
            if (entries.Count > options.Value.MaxWatches)
            {
                throw new InvalidRequestException($"watches: a document holds at most {options.Value.MaxWatches} watches ({WatchOptions.Section}:MaxWatches), got {entries.Count}");
            }

            var (plan, groups, stored) = await PlanAsync(actor, entries, prune, cancellationToken);
            var errors = plan.Where(p => p.Item.Action == WatchImportAction.Error).ToList();
            if (errors.Count > 0)
            {
                var result = Result(plan, groups, dryRun, applied: false);
                var first = errors[0].Item;
                throw new WatchImportRefusedException(result,
                    $"nothing was applied: {errors.Count} of {entries.Count} watches {(errors.Count == 1 ? "is" : "are")} not right; the first, " +
                    $"watches[{first.Index}] '{first.Name}' (line {first.Line}): {first.Error}");
            }

            CheckBounds(actor, plan, stored);
            return dryRun ? Result(plan, groups, dryRun, applied: false) : Result(await ApplyAsync(actor, plan), groups, dryRun, applied: true);
        }, r => $"{(r.DryRun ? "dry run: " : "")}{r.Created} created, {r.Updated} updated, {r.Unchanged} unchanged, {r.Deleted} deleted",
        r => r.Groups.Count == 0 ? "no group" : string.Join(", ", r.Groups));

    private async Task<(List<Planned> Plan, List<string> Groups, List<WatchRecord> Stored)> PlanAsync(Actor actor, IReadOnlyList<WatchYamlEntry> entries, bool prune,
        CancellationToken cancellationToken)
    {
        List<WatchRecord> stored;
        await using (var scope = scopes.CreateAsyncScope())
        {
            stored = await scope.ServiceProvider.GetRequiredService<DashboardDb>().Watches.AsNoTracking().ToListAsync(cancellationToken);
        }

        var byName = stored.ToDictionary(w => w.Name, StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var plan = new List<Planned>();
        foreach (var entry in entries)
        {
            plan.Add(await PlanOneAsync(actor, entry, byName, seen, cancellationToken));
        }

        var groups = plan.Select(p => p.Spec?.Group).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (prune)
        {
            var named = plan.Select(p => p.Item.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in stored.Where(w => groups.Contains(w.Group) && !named.Contains(w.Name)).OrderBy(w => w.Name, StringComparer.Ordinal))
            {
                plan.Add(MayChange(actor, gone)
                    ? new Planned(new WatchImportItem(gone.Name, WatchImportAction.Deleted, Id: gone.Id), null, gone)
                    : new Planned(new WatchImportItem(gone.Name, WatchImportAction.Kept, Id: gone.Id,
                        Error: $"not in the document, but it belongs to {gone.OwnerName}; only its owner or an Admin may delete it"), null, gone));
            }
        }

        return (plan, groups, stored);
    }

    private async Task<Planned> PlanOneAsync(Actor actor, WatchYamlEntry entry, Dictionary<string, WatchRecord> byName, Dictionary<string, int> seen,
        CancellationToken cancellationToken)
    {
        Planned Error(string? name, string field, string error) =>
            new(new WatchImportItem(name ?? entry.Name ?? "", WatchImportAction.Error, entry.Index, entry.Line, Field: field, Error: error), null, null);

        if (entry.Spec is null)
        {
            return Error(entry.Name, entry.Field ?? "watch", entry.Error ?? "the watch cannot be read");
        }

        WatchSpec completed;
        try
        {
            completed = await watches.CompleteAsync(actor, entry.Spec, cancellationToken);
        }
        catch (InvalidRequestException e)
        {
            // Left as it is stored, a watch the importer could not have written (an Admin's 5 s interval) is no error.
            if (StoredAsWritten(entry.Spec, byName) is { } same && seen.TryAdd(same.Name, entry.Index))
            {
                return new Planned(new WatchImportItem(same.Name, WatchImportAction.Unchanged, entry.Index, entry.Line, same.Id), entry.Spec, same);
            }

            return Error(entry.Spec.Name?.Trim(), e.Field, e.Message);
        }

        var name = completed.Name!;
        if (seen.TryGetValue(name, out var earlier))
        {
            return Error(name, "name", $"name '{name}' is given twice: here and at watches[{earlier}]; names are unique");
        }

        seen[name] = entry.Index;
        if (!byName.TryGetValue(name, out var existing))
        {
            return new Planned(new WatchImportItem(name, WatchImportAction.Created, entry.Index, entry.Line), entry.Spec, null);
        }

        var changes = Changes(WatchRecords.SpecOf(existing), completed);
        if (changes.Count == 0)
        {
            return new Planned(new WatchImportItem(name, WatchImportAction.Unchanged, entry.Index, entry.Line, existing.Id), entry.Spec, existing);
        }

        return MayChange(actor, existing)
            ? new Planned(new WatchImportItem(name, WatchImportAction.Updated, entry.Index, entry.Line, existing.Id, changes), entry.Spec, existing)
            : Error(name, "watch", $"changing a watch: '{name}' belongs to {existing.OwnerName}; only its owner or an Admin may change it");
    }

    /// <summary>The stored watch <paramref name="spec"/> names, when the spec is exactly what is stored.</summary>
    private WatchRecord? StoredAsWritten(WatchSpec spec, Dictionary<string, WatchRecord> byName)
    {
        if (spec.Name?.Trim() is not { } name || !byName.TryGetValue(name, out var stored))
        {
            return null;
        }

        try
        {
            return Changes(WatchRecords.SpecOf(stored), WatchSpecs.Complete(spec, options.Value, minIntervalSeconds: 1)).Count == 0 ? stored : null;
        }
        catch (InvalidRequestException)
        {
            return null;
        }
    }

    /// <summary>Every field whose wire JSON differs, old and new.</summary>
    public static IReadOnlyList<WatchFieldChange> Changes(WatchSpec old, WatchSpec @new)
    {
        var before = JsonSerializer.SerializeToNode(old, WireJson.Options)!.AsObject();
        var after = JsonSerializer.SerializeToNode(@new, WireJson.Options)!.AsObject();
        return [.. before.Select(p => p.Key).Union(after.Select(p => p.Key))
            .Where(field => !JsonNode.DeepEquals(before[field], after[field]))
            .Select(field => new WatchFieldChange(field, before[field]?.ToJsonString(), after[field]?.ToJsonString()))];
    }

    private static bool MayChange(Actor actor, WatchRecord watch) =>
        actor.Role >= Role.Admin || string.Equals(watch.OwnerName, actor.Name, StringComparison.Ordinal);

    private void CheckBounds(Actor actor, List<Planned> plan, List<WatchRecord> stored)
    {
        var created = plan.Count(p => p.Item.Action == WatchImportAction.Created);
        var deleted = plan.Where(p => p.Item.Action == WatchImportAction.Deleted).ToList();
        var all = stored.Count + created - deleted.Count;
        if (created > 0 && all > options.Value.MaxWatches)
        {
            throw RequestRefusedException.LimitReached(
                $"nothing was applied: the import would make {all} watches, past the most this dashboard keeps ({WatchOptions.Section}:MaxWatches, {options.Value.MaxWatches})");
        }

        var own = stored.Count(w => w.OwnerId == actor.Id) + created - deleted.Count(p => p.Existing!.OwnerId == actor.Id);
        if (created > 0 && actor.Role < Role.Admin && own > options.Value.MaxWatchesPerOperator)
        {
            throw RequestRefusedException.LimitReached(
                $"nothing was applied: {actor.Name} would own {own} watches, past the most an Operator may ({WatchOptions.Section}:MaxWatchesPerOperator, {options.Value.MaxWatchesPerOperator})");
        }
    }

    /// <summary>
    /// Deletions first (they free names and room), then updates, then creations, each through <see cref="WatchService"/>.
    /// Not cancelled with the request: once checked, the import is carried through.
    /// </summary>
    private async Task<List<Planned>> ApplyAsync(Actor actor, List<Planned> plan)
    {
        var done = new List<Planned>(plan.Count);
        foreach (var step in plan.OrderBy(p => p.Item.Action switch { WatchImportAction.Deleted => 0, WatchImportAction.Updated => 1, _ => 2 }))
        {
            var item = step.Item;
            switch (item.Action)
            {
                case WatchImportAction.Deleted:
                    await watches.DeleteAsync(actor, item.Id, CancellationToken.None);
                    break;
                case WatchImportAction.Updated:
                    await watches.UpdateAsync(actor, item.Id, step.Spec, CancellationToken.None);
                    break;
                case WatchImportAction.Created:
                    item = item with { Id = (await watches.CreateAsync(actor, step.Spec, CancellationToken.None)).Id };
                    break;
            }

            done.Add(step with { Item = item });
        }

        return done;
    }

    private static WatchImportResult Result(List<Planned> plan, List<string> groups, bool dryRun, bool applied)
    {
        // The document's order, then the pruned ones by name.
        var items = plan.Select(p => p.Item).OrderBy(i => i.Index ?? int.MaxValue).ToList();
        int Count(WatchImportAction action) => items.Count(i => i.Action == action);
        return new WatchImportResult(dryRun, applied, groups, Count(WatchImportAction.Created), Count(WatchImportAction.Updated),
            Count(WatchImportAction.Unchanged), Count(WatchImportAction.Deleted), Count(WatchImportAction.Error), items);
    }
}
