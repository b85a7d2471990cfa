using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Tests.Support;

namespace Dashboard.Sockets.Tests.Discovery;

/// <summary>What a sweep allocates per absent address: alone in its collection, so no other test's allocations are counted.</summary>
[Collection(nameof(SweepMemoryTests))]
[CollectionDefinition(nameof(SweepMemoryTests), DisableParallelization = true)]
public sealed class SweepMemoryTests(SweepNamespace sweep) : IClassFixture<SweepNamespace>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_Slash16_AllocatesUnder1200BytesPerAddress()
    {
        var request = new ScanRequest(sweep.Cidr, string.Join(',', SweepNamespace.Ports));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var (hosts, _) = await LanScans.RunAsync(request, cancellationToken: Token);

        var perAddress = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)hosts.Sum(h => h.Addresses);
        TestContext.Current.TestOutputHelper!.WriteLine($"{perAddress:F0} bytes allocated per address over {hosts.Sum(h => h.Addresses)} addresses in {hosts.Count} host rows");
        // Measured 907 (the target, its verdict, its down row and the parser's and discovery's share); 1,559 before the sweep fixes.
        Assert.True(perAddress < 1_200, $"{perAddress:F0} bytes allocated per address");
    }
}
