using Dashboard.Contracts.History;
using Dashboard.Web.Features.History;

namespace Dashboard.Web.Tests.Features.History;

public sealed class PortChangeRangesTests
{
    private static PortChange Change(string address, int port, string? before, string? after) => new(address, port, before, after, null);

    [Fact]
    public void NeighbouringPortsThatChangedAlike_AreOneRange_AndAnythingElseSplitsIt()
    {
        var changes = Enumerable.Range(20_001, 1_000).Select(p => Change("10.0.0.1", p, "filtered", "closed"))
            .Append(Change("10.0.0.1", 21_001, "filtered", "open"))
            .Append(Change("10.0.0.1", 21_003, "filtered", "closed"))
            .Append(Change("10.0.0.2", 21_004, "filtered", "closed"))
            .Append(Change("10.0.0.2", 21_005, "filtered", "closed"));

        var ranges = PortChangeRanges.Of(changes, ChangeFilter.All);

        Assert.Equal(
            [("10.0.0.1", 20_001, 21_000), ("10.0.0.1", 21_001, 21_001), ("10.0.0.1", 21_003, 21_003), ("10.0.0.2", 21_004, 21_005)],
            ranges.Select(r => (r.Address, r.First, r.Last)));
        Assert.Equal(1_000, ranges[0].Count);
    }

    [Theory]
    [InlineData(ChangeFilter.Opened, new[] { 2, 5 })]
    [InlineData(ChangeFilter.Closed, new[] { 1, 4 })]
    [InlineData(ChangeFilter.Other, new[] { 3, 6 })]
    [InlineData(ChangeFilter.All, new[] { 1, 2, 3, 4, 5, 6 })]
    public void Filters_KeepWhatTheySay(ChangeFilter filter, int[] ports)
    {
        PortChange[] changes =
        [
            Change("h", 1, "open", "closed"), Change("h", 2, "closed", "open"), Change("h", 3, "closed", "filtered"),
            Change("h", 4, "open", null), Change("h", 5, null, "open"), Change("h", 6, "filtered", null),
        ];

        Assert.Equal(ports, changes.Where(c => PortChangeRanges.Matches(c, filter)).Select(c => c.Port));
    }
}
