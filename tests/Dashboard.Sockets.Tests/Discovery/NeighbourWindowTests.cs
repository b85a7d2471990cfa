using Dashboard.Sockets.Discovery;

namespace Dashboard.Sockets.Tests.Discovery;

/// <summary>Hosts asked at once by connect, from the neighbour table's limit and the entries already in it.</summary>
public sealed class NeighbourWindowTests
{
    [Theory]
    [InlineData(1_024, 0, 2_048, 896)]     // the kernel's default table, empty: all of it but a margin of 128
    [InlineData(1_024, 300, 2_048, 596)]   // entries already present leave less room
    [InlineData(1_024, 1_000, 2_048, 8)]   // a full table: the smallest window, never more than the free room allows
    [InlineData(8_192, 100, 2_048, 2_048)] // a large table: the configured most
    [InlineData(256, 10, 2_048, 182)]      // a small table: the margin is at least 64
    [InlineData(1_024, 0, 4, 4)]           // a configured most below the smallest window
    public void Size_LeavesAMarginOfTheFreeEntries(int limit, int present, int most, int expected) =>
        Assert.Equal(expected, NeighbourWindow.Size(limit, present, most));

    [Fact]
    public void Size_NeverMoreThanTheFreeEntries()
    {
        for (var present = 0; present < 1_024; present += 7)
        {
            var window = NeighbourWindow.Size(1_024, present, 65_536);
            Assert.True(window == NeighbourWindow.Smallest || present + window <= 1_024 - 64, $"{window} hosts with {present} entries present");
        }
    }

    [Fact]
    public void Read_ThisMachine_IsWithinTheTable()
    {
        var limit = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/neigh/default/gc_thresh3").Trim(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.InRange(NeighbourWindow.Read(ipv6: false, 65_536), NeighbourWindow.Smallest, limit);
    }
}
