using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Features.History.Storage;

internal sealed partial class ScanJournal
{
    /// <summary>One scan's journal: its item, then its batches, each stored before it is published.</summary>
    private sealed class Recording(ScanJob job, ScanJournal journal) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;
        private Task _created = Task.CompletedTask;
        private ScanJournalWriter? _writer;
        private int _summaryLength;
        private long _written;
        private int _hostsWritten;
        private int _seq;
        private int _hostSeq;
        private bool _failed;

        public void Start()
        {
            _created = CreateAsync();
            _loop = LoopAsync();
        }

        private async Task CreateAsync()
        {
            await Task.Yield();
            var plan = new StoredScan([.. job.Plan.Targets.Select(t => new StoredTarget(t.Label, t.AddressText))], job.Plan.TimeoutMs, job.Plan.Concurrency,
                StartedAt: job.StartedAt);
            var item = new HistoryItem
            {
                Id = job.Id,
                Kind = HistoryKinds.Scan,
                Owner = job.Owner,
                State = WireName.Of(ScanState.Running),
                Target = HistoryText.Cut($"{job.Request.Targets} ports {job.Request.Ports}"),
                StartedAtMs = job.StartedAt.ToUnixTimeMilliseconds(),
                Request = JsonChunk.Text(job.Request),
                Summary = JsonChunk.Text(plan),
            };
            _summaryLength = item.Summary.Length;
            try
            {
                await journal.Store.AddAsync(item, [], CancellationToken.None);
                _writer = await ScanJournalWriter.OpenAsync(journal.Scopes, CancellationToken.None);
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }

        private async Task LoopAsync()
        {
            var interval = TimeSpan.FromMilliseconds(journal.Options.FlushIntervalMs);
            await _created;
            var last = journal.Time.GetTimestamp();
            while (!_stop.IsCancellationRequested && !_failed)
            {
                try
                {
                    await Task.Delay(Look, journal.Time, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (job.Results.Count - _written >= EagerResults || journal.Time.GetElapsedTime(last) >= interval)
                {
                    await FlushAsync(end: null);
                    last = journal.Time.GetTimestamp();
                }
            }
        }

        public async Task EndAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            await _created;
            var counts = job.Results.Count;
            var state = ScanJob.StateOf(job.Outcome);
            var summary = new StoredScan([.. job.Plan.Targets.Select(t => new StoredTarget(t.Label, t.AddressText))], job.Plan.TimeoutMs,
                job.Plan.Concurrency, job.Reason, Math.Round(job.ElapsedMs, 1), CountsOf(counts), job.StartedAt);
            await FlushAsync(new ItemEnd(WireName.Of(state), (job.FinishedAt ?? journal.Time.GetUtcNow()).ToUnixTimeMilliseconds(),
                JsonChunk.Text(summary)));
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
            }

            Dispose();
        }

        public void Dispose()
        {
            _stop.Dispose();
            _gate.Dispose();
        }

        private ScanCounts CountsOf(long count)
        {
            var counts = new long[5];
            for (long i = 0; i < count; i++)
            {
                counts[(int)job.Results.StateAt(i)]++;
            }

            return new ScanCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
        }

        private Task FlushAsync(ItemEnd? end) => journal.Thread.RunAsync(() => WriteAsync(end));

        /// <summary>Encodes what arrived since the last write, stores it, then publishes it; on the journal's thread.</summary>
        private async Task WriteAsync(ItemEnd? end)
        {
            await _gate.WaitAsync();
            try
            {
                if (_failed || _writer is null)
                {
                    return;
                }

                var available = job.Results.Count;
                var hosts = job.HostsAfter(_hostsWritten);
                if (available == _written && hosts.Count == 0 && end is null)
                {
                    return;
                }

                var chunks = new List<HistoryChunk>();
                for (var from = _written; from < available; from += ChunkResults)
                {
                    var batch = new List<ProbeResult>((int)Math.Min(ChunkResults, available - from));
                    for (var i = from; i < available && batch.Count < ChunkResults; i++)
                    {
                        batch.Add(job.Results[i]);
                    }

                    chunks.Add(new HistoryChunk
                    {
                        ItemId = job.Id, Stream = HistoryStreams.ScanResults, Seq = _seq + chunks.Count, Count = batch.Count,
                        Data = ScanChunkCodec.Encode(batch, job.StartedAt),
                    });
                }

                var resultChunks = chunks.Count;
                if (hosts.Count > 0)
                {
                    chunks.Add(new HistoryChunk
                    {
                        ItemId = job.Id, Stream = HistoryStreams.ScanHosts, Seq = _hostSeq, Count = 0, Data = JsonChunk.Encode(hosts),
                    });
                }

                await _writer.AppendAsync(job.Id, chunks, end, _summaryLength, CancellationToken.None);
                _seq += resultChunks;
                _hostSeq += hosts.Count > 0 ? 1 : 0;
                _written = available;
                _hostsWritten += hosts.Count;
                job.Publish(_written, _hostsWritten);
                journal.Signal.Stored(job.Id);
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                _gate.Release();
            }
        }

        private void Fail(Exception e)
        {
            if (!_failed)
            {
                _failed = true;
                job.StopJournaling();
                HistoryLog.JournalFailed(journal.Logger, job.Id, e);
            }
        }
    }
}
