using System.Net;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.History.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Web.Tests.Support.HistoryHosts;

namespace Dashboard.Web.Tests.Features.History.Storage;

/// <summary>
/// The scan journal's own writes (plain commands on a connection of its own, not through the change tracker)
/// keep what the history's readers rely on, on SQLite and on a real PostgreSQL: every chunk stored once and in
/// order, and the item's counters equal to what its chunks hold after every batch and after the end.
/// </summary>
public sealed class ScanJournalTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Writer_AddsEachBatchAndItsCounters_ThenTheEnd(string provider)
    {
        await using var host = DashboardHost.With(await SettingsAsync(postgres, provider));
        var store = host.Services.GetRequiredService<HistoryStore>();
        var item = new HistoryItem
        {
            Id = "journal-writer-1", Kind = HistoryKinds.Scan, Owner = "admin", State = "running", Target = "127.0.0.1 ports 1-3",
            StartedAtMs = Start.ToUnixTimeMilliseconds(), Request = "{}", Summary = "{\"planned\":true}",
        };
        await store.AddAsync(item, [], Token);
        var results = Enumerable.Range(1, 3_000).Select(Closed).ToList();
        var first = Chunk(item.Id, 0, results[..1_000]);
        var second = Chunk(item.Id, 1, results[1_000..2_500]);
        var third = Chunk(item.Id, 2, results[2_500..]);
        var hosts = new HistoryChunk { ItemId = item.Id, Stream = HistoryStreams.ScanHosts, Seq = 0, Data = [1, 2, 3] };

        await using (var writer = await ScanJournalWriter.OpenAsync(host.Services.GetRequiredService<IServiceScopeFactory>(), Token))
        {
            await writer.AppendAsync(item.Id, [first, second], end: null, item.Summary.Length, Token);
            var between = (await store.FindAsync(item.Id, Token))!;
            Assert.Equal((2_500L, HistoryStore.SizeOf(item) + first.Data.Length + second.Data.Length, "running"),
                (between.Items, between.Bytes, between.State));

            await writer.AppendAsync(item.Id, [third, hosts], new ItemEnd("completed", Start.AddSeconds(2).ToUnixTimeMilliseconds(), "{\"done\":3000}"),
                item.Summary.Length, Token);
        }

        var stored = (await store.FindAsync(item.Id, Token))!;
        Assert.Equal(("completed", Start.AddSeconds(2).ToUnixTimeMilliseconds(), "{\"done\":3000}", 3_000L),
            (stored.State, stored.EndedAtMs, stored.Summary, stored.Items));
        var chunks = await store.ChunksAsync(item.Id, HistoryStreams.ScanResults, Token);
        Assert.Equal([0, 1, 2], chunks.Select(c => c.Seq));
        Assert.Equal(results, chunks.SelectMany(c => ScanChunkCodec.Decode(c.Data, Start)));
        Assert.Equal([1, 2, 3], Assert.Single(await store.ChunksAsync(item.Id, HistoryStreams.ScanHosts, Token)).Data);
        Assert.Equal(HistoryStore.SizeOf(stored) + chunks.Sum(c => (long)c.Data.Length) + hosts.Data.Length, stored.Bytes);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Journal_StoresEveryResultOfAScan_InOrderedChunks_WithCountersThatAgree(string provider)
    {
        await using var host = DashboardHost.With(await SettingsAsync(postgres, provider));
        using var closed = new ClosedPorts(IPAddress.Loopback, 20);
        using var http = host.Http();
        // 256 addresses × 20 ports, every one refused at once: several of the journal's batches.
        var scan = await ScanAsync(http, new ScanRequest("127.0.3.0/24", closed.Spec, Discovery: HostDiscovery.Off));
        Assert.Equal(ScanState.Completed, scan.State);

        var store = host.Services.GetRequiredService<HistoryStore>();
        var item = (await store.FindAsync(scan.ScanId, Token))!;
        var chunks = await store.ChunksAsync(scan.ScanId, HistoryStreams.ScanResults, Token);
        var hostChunks = await store.ChunksAsync(scan.ScanId, HistoryStreams.ScanHosts, Token);
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Seq));
        Assert.Equal(scan.Completed, item.Items);
        Assert.Equal(scan.Completed, chunks.Sum(c => (long)c.Count));
        Assert.Equal(HistoryStore.SizeOf(item) + chunks.Concat(hostChunks).Sum(c => (long)c.Data.Length), item.Bytes);
        var stored = chunks.SelectMany(c => ScanChunkCodec.Decode(c.Data, item.StartedAt)).ToList();
        Assert.Equal(scan.Completed, stored.Select(r => (r.Address, r.Port)).Distinct().LongCount());
        TestContext.Current.SendDiagnosticMessage($"{provider}: {scan.Completed:N0} results in {chunks.Count} chunks, {item.Bytes:N0} bytes");
    }

    private static ProbeResult Closed(int port) =>
        new("127.0.0.1", "127.0.0.1", port, ProbeState.Closed, 111, "ECONNREFUSED", "ConnectionRefused", "refused: nothing listens there (RST)",
            0.02, null, null, Start.AddTicks(port * 157L));

    private static HistoryChunk Chunk(string itemId, int seq, List<ProbeResult> results) => new()
    {
        ItemId = itemId, Stream = HistoryStreams.ScanResults, Seq = seq, Count = results.Count, Data = ScanChunkCodec.Encode(results, Start),
    };
}
