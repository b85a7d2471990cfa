using Dashboard.Contracts.Probe;
using Dashboard.Web.Features.History.Storage;

namespace Dashboard.Web.Tests.Features.History.Storage;

/// <summary>A chunk decodes to exactly the results encoded, and a full range of closed ports costs a few bytes each.</summary>
public sealed class ScanChunkCodecTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static ProbeResult Closed(int port, int i) =>
        new("db1", "10.0.0.5", port, ProbeState.Closed, 111, "ECONNREFUSED", "ConnectionRefused", "refused: nothing listens there (RST)",
            Math.Round(0.02 + (i % 97) / 1000.0, 3), null, null, Start.AddTicks(i * 157L), ServiceNames(port));

    private static string? ServiceNames(int port) => port switch { 22 => "ssh", 443 => "https", _ => null };

    [Fact]
    public void Chunk_RoundTrips_EveryField()
    {
        var results = new List<ProbeResult>
        {
            Closed(22, 0),
            new("db1", "10.0.0.5", 443, ProbeState.Open, 0, "OK", "Success", "open", 0.5, "10.0.0.1:40000", "10.0.0.5:443", Start.AddMilliseconds(3), "https"),
            new("nowhere.invalid", null, 80, ProbeState.Error, -2, "EAI_NONAME", "HostNotFound", "did not resolve", null, null, null, Start.AddSeconds(-1)),
            new("db1", "10.0.0.5", 9, ProbeState.Filtered, 110, "ETIMEDOUT", "TimedOut", "no answer", 1000, null, null, Start.AddMinutes(5), null, 3),
        };

        var decoded = ScanChunkCodec.Decode(ScanChunkCodec.Encode(results, Start), Start);

        Assert.Equal(results, decoded);
    }

    [Fact]
    public void FullRangeOfClosedPorts_TakesUnderFourBytesAResult()
    {
        var results = Enumerable.Range(1, 65_535).Select(port => Closed(port, port)).ToList();

        var bytes = ScanJournalChunks(results).Sum(c => (long)c.Length);

        Assert.InRange(bytes / 65_535.0, 0.1, 4.0);
        TestContext.Current.SendDiagnosticMessage($"65,535 closed results: {bytes:N0} bytes, {bytes / 65_535.0:F2} bytes a result");
    }

    private static IEnumerable<byte[]> ScanJournalChunks(List<ProbeResult> results) =>
        results.Chunk(16_384).Select(chunk => ScanChunkCodec.Encode(chunk, Start));
}
