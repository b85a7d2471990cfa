using System.Collections.Concurrent;
using Dashboard.Web.Features.Scan;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// Stores every scan as it runs: its item when it starts, then every <see cref="HistoryOptions.FlushIntervalMs"/>
/// (or as soon as <see cref="EagerResults"/> results wait, if sooner) what arrived since, as compressed chunks in one
/// transaction, and only then shows it to watchers (<see cref="ScanJob.Publish"/>). After a kill -9 the database holds
/// at least everything anyone was shown. The writes run on a <see cref="JournalThread"/> of their own.
/// </summary>
internal sealed partial class ScanJournal(HistoryStore store, IServiceScopeFactory scopes, IOptions<HistoryOptions> options, TimeProvider time,
    IScanStoredSignal signal, ILogger<ScanJournal> logger)
    : IScanJournal, IDisposable
{
    /// <summary>The most results one chunk row holds.</summary>
    public const int ChunkResults = 16_384;

    /// <summary>
    /// Results waiting that start a write before the interval is up: a fast scan is stored (and shown) in steps
    /// of about a watcher's batch, so watchers stream along with it instead of receiving a backlog at its end.
    /// Smaller steps would leave less to store when a scan ends, but each is a commit and a chunk row with its own
    /// string table (1,024 showed no gain measurable on a loaded machine, and stores more bytes a result).
    /// </summary>
    public const int EagerResults = 4_096;

    /// <summary>How often the recorder looks whether enough has arrived to write early.</summary>
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<ScanJob, Recording> _recordings = new();
    private readonly JournalThread _thread = new();

    public void Started(ScanJob job)
    {
        var recording = new Recording(job, this);
        _recordings[job] = recording;
        recording.Start();
    }

    public async Task EndedAsync(ScanJob job)
    {
        if (_recordings.TryRemove(job, out var recording))
        {
            await recording.EndAsync();
        }
    }

    public void Dispose() => _thread.Dispose();

    private JournalThread Thread => _thread;

    private HistoryStore Store => store;

    private IServiceScopeFactory Scopes => scopes;

    private HistoryOptions Options => options.Value;

    private TimeProvider Time => time;

    private ILogger Logger => logger;

    private IScanStoredSignal Signal => signal;
}
