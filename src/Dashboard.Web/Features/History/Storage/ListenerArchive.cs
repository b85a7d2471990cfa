using Dashboard.Contracts.Listeners;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>Stored listener sessions, for ids no longer open or kept here.</summary>
public interface IListenerArchive
{
    StoredListener? Load(string? listenerId);
}

/// <summary>A listener session as stored: its last known info and its events; a session cut by a crash reads as interrupted, its last event saying so.</summary>
public sealed record StoredListener(ListenerInfo Info, IReadOnlyList<ListenerEvent> Events);

internal sealed class ListenerArchive(HistoryStore store) : IListenerArchive
{
    public const string CrashReason = "the server stopped while it was open";

    public StoredListener? Load(string? listenerId) => LoadAsync(listenerId, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<StoredListener?> LoadAsync(string? listenerId, CancellationToken cancellationToken)
    {
        var item = await store.FindAsync(listenerId, cancellationToken);
        if (item is null || item.Kind != HistoryKinds.Listener)
        {
            return null;
        }

        var info = JsonChunk.Read<ListenerInfo>(item.Summary)!;
        var events = new List<ListenerEvent>();
        foreach (var chunk in await store.ChunksAsync(item.Id, HistoryStreams.ListenerEvents, cancellationToken))
        {
            events.AddRange(JsonChunk.Decode<ListenerEvent>(chunk.Data));
        }

        if (info.State == ListenerState.Listening)
        {
            // Its end was never stored: the process died. Watchers are told the way a shutdown tells them.
            var at = item.EndedAt ?? events.LastOrDefault()?.At ?? item.StartedAt;
            info = info with { State = ListenerState.Interrupted, StoppedReason = CrashReason };
            events.Add(new ListenerEvent(info.Id, (events.LastOrDefault()?.Seq ?? 0) + 1, ListenerEventKind.Stopped, null, null, info.LocalEndPoint, 0,
                null, null, at, $"interrupted: {CrashReason}"));
        }

        return new StoredListener(info, events);
    }
}

/// <summary>No history (component tests): a listener no longer open is not found.</summary>
internal sealed class NoListenerArchive : IListenerArchive
{
    public StoredListener? Load(string? listenerId) => null;
}

/// <summary>No history (component tests): a scan no longer held is not found.</summary>
internal sealed class NoScanArchive : Scan.IScanArchive
{
    public Scan.ScanJob? Load(string scanId) => null;

    public bool KeepsScans => false;
}
