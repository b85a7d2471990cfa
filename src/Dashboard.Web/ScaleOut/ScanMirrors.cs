using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.History.Storage;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Operations;
using Dashboard.Web.Persistence;
using Dashboard.Web.Vantage;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// Scans that run at another instance, followed here. A scan id this process does not run is looked up in the shared
/// history: stored and ended, it reads as the archive rebuilds it; still running elsewhere, it becomes a mirror, a
/// <see cref="ScanJob"/> fed from the chunks the owner's journal stores, read as soon as the owner says over Redis that
/// it stored more (<see cref="ScanStoredSignals"/>; everything the owner's own watchers were shown,
/// in order, by chunk number: no gap, no duplicate), so the hub, the pages and the REST API watch and read it as a local
/// scan. Its end is the stored end: the owner's, or <c>interrupted</c> once a survivor found the owner's lease expired.
/// Cancelling a mirror asks the owner to cancel, and the mirror ends with what the owner stores.
/// </summary>
internal sealed class ScanMirrors(ScanArchive archive, HistoryStore store, InstanceIdentity me, IServiceScopeFactory scopes, PeerBus bus,
    ScanStoredSignals signals, Microsoft.Extensions.Options.IOptions<ScaleOutOptions> options, DashboardMetrics metrics, TimeProvider time,
    ILogger<ScanMirrors> logger) : IScanArchive, IHostedService, IDisposable
{
    /// <summary>
    /// The least time between two looks of a mirror at the shared history: an owner may store (and wake its mirrors)
    /// dozens of times a second, and each look is three queries, so this caps a mirror's load on the database (up to
    /// <see cref="MaxMirrors"/> of them) at ten looks a second, for at most this much more delay.
    /// </summary>
    public static readonly TimeSpan MinLookGap = TimeSpan.FromMilliseconds(100);

    /// <summary>How long an ended mirror is kept for watchers who asked for it meanwhile, before the archive answers again.</summary>
    public static readonly TimeSpan KeepEnded = TimeSpan.FromMinutes(1);

    /// <summary>The most scans of other instances followed at once.</summary>
    public const int MaxMirrors = 256;

    private readonly ConcurrentDictionary<string, ScanJob> _mirrors = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();

    public bool KeepsScans => true;

    public ScanJob? Load(string scanId)
    {
        if (_mirrors.TryGetValue(scanId, out var known))
        {
            return known;
        }

        var item = store.FindAsync(scanId, CancellationToken.None).GetAwaiter().GetResult();
        if (item is not { Kind: HistoryKinds.Scan } || item.State != WireName.Of(ScanState.Running) || item.Instance is not { } owner || owner == me.Name)
        {
            return archive.Load(scanId);
        }

        lock (_gate)
        {
            if (_mirrors.TryGetValue(scanId, out known))
            {
                return known;
            }

            if (_mirrors.Count >= MaxMirrors)
            {
                throw RequestRefusedException.LimitReached($"this instance follows {MaxMirrors} scans of other instances already; watch this one through instance {owner}",
                    TimeSpan.FromSeconds(5));
            }

            var mirror = Mirror(item);
            _mirrors[scanId] = mirror;
            // Before the first look: a batch stored between that look and the first wait still wakes the mirror.
            _ = FollowAsync(mirror, item, owner, signals.Follow(scanId));
            return mirror;
        }
    }

    private static ScanJob Mirror(HistoryItem item)
    {
        var request = JsonChunk.Read<ScanRequest>(item.Request)!;
        var stored = JsonChunk.Read<StoredScan>(item.Summary)!;
        int[] ports;
        try
        {
            ports = PortSpec.Parse(request.Ports);
        }
        catch (InvalidRequestException)
        {
            ports = [];
        }

        var plan = new ScanPlan([.. stored.Addresses.Select(a => new ResolvedTarget(a.Label, IPAddress.Parse(a.Address)))], ports, stored.TimeoutMs,
            stored.Concurrency);
        return new ScanJob(item.Id, request, plan, item.Owner, stored.StartedAt ?? item.StartedAt);
    }

    private async Task FollowAsync(ScanJob mirror, HistoryItem item, string owner, ScanStoredSignals.Follower follower)
    {
        await Task.Yield();
        try
        {
            await mirror.RunAsync((_, cancel) => FeedAsync(mirror, item, owner, follower, cancel), metrics, time, logger);
        }
        finally
        {
            follower.Dispose();
            _ = ForgetLaterAsync(mirror);
        }
    }

    private async Task ForgetLaterAsync(ScanJob mirror)
    {
        try
        {
            await Task.Delay(KeepEnded, time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _mirrors.TryRemove(mirror.Id, out _);
    }

    /// <summary>The owner's stored results and hosts, chunk after chunk, until the stored end.</summary>
    private async IAsyncEnumerable<ScanEvent> FeedAsync(ScanJob mirror, HistoryItem item, string owner, ScanStoredSignals.Follower follower,
        [EnumeratorCancellation] CancellationToken cancel)
    {
        var origin = JsonChunk.Read<StoredScan>(item.Summary)?.StartedAt ?? item.StartedAt;
        int results = -1, hosts = -1;
        var cancelSent = false;
        while (true)
        {
            if (cancel.IsCancellationRequested && !cancelSent)
            {
                cancelSent = true;
                await AskOwnerToCancelAsync(mirror, owner);
            }

            var lookedAt = time.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            // The state before the chunks: whatever was stored up to an end is read after seeing that end.
            var now = await db.HistoryItems.AsNoTracking().Where(i => i.Id == item.Id).Select(i => new { i.State, i.Summary }).FirstOrDefaultAsync(_stopping.Token);
            foreach (var chunk in await ChunksAfterAsync(db, item.Id, HistoryStreams.ScanHosts, hosts))
            {
                foreach (var host in JsonChunk.Decode<HostResult>(chunk.Data))
                {
                    yield return host;
                }

                hosts = chunk.Seq;
            }

            foreach (var chunk in await ChunksAfterAsync(db, item.Id, HistoryStreams.ScanResults, results))
            {
                foreach (var result in ScanChunkCodec.Decode(chunk.Data, origin))
                {
                    yield return result;
                }

                results = chunk.Seq;
            }

            if (now is null)
            {
                throw new VantageLostException($"scan {item.Id} was removed from the history while instance {owner} ran it");
            }

            if (now.State != WireName.Of(ScanState.Running))
            {
                var reason = JsonChunk.Read<StoredScan>(now.Summary)?.Reason;
                switch (ScanArchive.OutcomeOf(now.State))
                {
                    case ScanOutcome.Completed:
                        yield break;
                    case ScanOutcome.Cancelled:
                        mirror.Cancel(reason ?? "cancelled");
                        throw new OperationCanceledException(reason);
                    case ScanOutcome.Interrupted:
                        throw new VantageLostException(reason ?? $"instance {owner} stopped while it ran the scan; what arrived before is kept");
                    default:
                        throw new InvalidOperationException(reason ?? $"the scan failed at instance {owner}");
                }
            }

            // Until the owner stored more, the poll interval passed, or (once) a user cancels here, to ask the owner at the top.
            using var wakeOrCancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, cancelSent ? CancellationToken.None : cancel);
            try
            {
                await follower.WaitAsync(TimeSpan.FromMilliseconds(options.Value.MirrorPollMs), wakeOrCancel.Token);
                if (MinLookGap - time.GetElapsedTime(lookedAt) is { Ticks: > 0 } rest)
                {
                    await Task.Delay(rest, time, wakeOrCancel.Token);
                }
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                throw new VantageLostException($"instance {me.Name} is shutting down; the scan goes on at instance {owner}");
            }
        }
    }

    private async Task AskOwnerToCancelAsync(ScanJob mirror, string owner)
    {
        try
        {
            await bus.CallAsync(owner, new CancelScan(mirror.Id, mirror.Reason ?? "cancelled from another instance"), _stopping.Token);
        }
        catch (Exception e) when (e is RequestRefusedException or VantageLostException or StackExchange.Redis.RedisException)
        {
            // The owner is gone or refused: its lease tells the end, the mirror follows what is stored.
            ScaleOutLog.ReplyLost(logger, owner, e.Message);
        }
    }

    private async Task<List<HistoryChunk>> ChunksAfterAsync(DashboardDb db, string itemId, int stream, int after) =>
        await db.HistoryChunks.AsNoTracking().Where(c => c.ItemId == itemId && c.Stream == stream && c.Seq > after).OrderBy(c => c.Seq)
            .ToListAsync(_stopping.Token);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();
}
