using System.Diagnostics;
using System.Net;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Sockets.Tests.Scanning;

/// <summary>Tests that count this process's descriptors: they run alone, as any other test's sockets would change the count.</summary>
[CollectionDefinition(nameof(DescriptorCounting), DisableParallelization = true)]
public sealed class DescriptorCounting;

[Collection(nameof(DescriptorCounting))]
public sealed class ScannerDescriptorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Engine.Scanners), MemberType = typeof(Engine))]
    public async Task Scan_CancelledMidScan_StopsAtOnceAndClosesEverySocket(string scanner)
    {
        var listeners = new List<SaturatedListener>();
        try
        {
            listeners.AddRange(await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => SaturatedListener.CreateAsync(IPAddress.Loopback, Token))));

            var before = Engine.OpenDescriptors();
            var plan = await Engine.Planner().PlanAsync(
                new ScanRequest("127.0.0.1", string.Join(',', listeners.Select(l => l.EndPoint.Port)), TimeoutMs: 10_000, Concurrency: 64), Token);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
            var scan = Task.Run(async () =>
            {
                await foreach (var _ in Engine.Scanner(scanner).ScanAsync(plan, cancel.Token))
                {
                }
            }, Token);
            await WaitUntilAsync(() => Engine.OpenDescriptors() >= before + listeners.Count);

            var started = Stopwatch.GetTimestamp();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scan);

            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2), "cancellation took too long");
            await WaitUntilAsync(() => Engine.OpenDescriptors() <= before);
            Assert.True(Engine.OpenDescriptors() <= before);
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public async Task Scan_EnumerationAbandoned_ClosesEverySocket()
    {
        var listeners = new List<SaturatedListener>();
        try
        {
            listeners.AddRange(await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SaturatedListener.CreateAsync(IPAddress.Loopback, Token))));

            using var open = new LoopbackListener(IPAddress.Loopback);
            var before = Engine.OpenDescriptors();
            var ports = string.Join(',', listeners.Select(l => l.EndPoint.Port).Prepend(open.Port));
            var plan = await Engine.Planner().PlanAsync(new ScanRequest("127.0.0.1", ports, TimeoutMs: 10_000), Token);

            await foreach (var result in Engine.DefaultScanner().ScanAsync(plan, Token))
            {
                Assert.Equal(ProbeState.Open, result.State);
                break;
            }

            Assert.True(Engine.OpenDescriptors() <= before, $"{Engine.OpenDescriptors() - before} descriptors left open");
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (!condition() && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10, Token);
        }
    }
}
