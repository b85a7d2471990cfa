using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Tests.Scanning;

namespace Dashboard.Sockets.Tests.Budget;

/// <summary>
/// The socket budget holds during real scans: sockets in /proc/self/fd are counted while a scan of a
/// host that drops every SYN keeps as many connects in flight as it is allowed. Runs alone, as any
/// other test's sockets would change the count.
/// </summary>
[Collection(nameof(DescriptorCounting))]
public sealed class InFlightCapTests(LanNamespace lan) : IClassFixture<LanNamespace>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Engine.Scanners), MemberType = typeof(Engine))]
    public async Task Scan_AskingForMoreThanTheBudget_NeverHasMoreSocketsOpen(string scanner)
    {
        var budget = new SocketBudget(24);
        var baseline = Sockets();

        var (results, peak) = await ScanCountingAsync(Engine.Scanner(scanner, budget), "1000-1059");

        Assert.Equal(60, results.Count);
        Assert.All(results, r => Assert.Equal(ProbeState.Filtered, r.State));
        Assert.True(peak - baseline <= 24, $"{peak - baseline} sockets open at once, the budget is 24");
        Assert.True(peak - baseline >= 12, $"only {peak - baseline} sockets at once: the budget was not used");
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task Scan_UnderALowOpenFileLimit_RunsWithWhatIsFreeAndNeverRunsOutOfDescriptors()
    {
        var before = OpenFileLimit.ReadRaw();
        var limit = (ulong)Descriptors() + 200;
        OpenFileLimit.SetRaw(limit, before.Maximum);
        try
        {
            var budget = new SocketBudget();
            Assert.Equal(SocketBudget.CapacityFor((long)limit), budget.Capacity);

            var (results, _) = await ScanCountingAsync(Engine.Scanner("epoll", budget), "2000-2599", countAll: true);

            Assert.Equal(600, results.Count);
            Assert.All(results, r => Assert.Equal(ProbeState.Filtered, r.State));
            Assert.True(_peakDescriptors < (int)limit, $"{_peakDescriptors} descriptors open, the limit is {limit}");
        }
        finally
        {
            OpenFileLimit.SetRaw(before.Current, before.Maximum);
        }
    }

    private int _peakDescriptors;

    private async Task<(List<ProbeResult> Results, int Peak)> ScanCountingAsync(IConnectScanner scanner, string ports, bool countAll = false)
    {
        var plan = await Engine.Planner().PlanAsync(new ScanRequest(lan.Silent.ToString(), ports, TimeoutMs: 200, Concurrency: 4_096), Token);
        using var done = new CancellationTokenSource();
        var peak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, Sockets());
                _peakDescriptors = Math.Max(_peakDescriptors, countAll ? Descriptors() : 0);
                await Task.Delay(1, CancellationToken.None);
            }
        }, Token);
        var results = new List<ProbeResult>();
        await foreach (var result in scanner.ScanAsync(plan, Token))
        {
            results.Add(result);
        }

        await done.CancelAsync();
        await sampler;
        return (results, peak);
    }

    private static int Descriptors() => Directory.GetFiles("/proc/self/fd").Length;

    private static int Sockets() =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });
}
