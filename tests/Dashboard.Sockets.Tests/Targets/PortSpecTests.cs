using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Tests.Targets;

public sealed class PortSpecTests
{
    [Theory]
    [InlineData("22", new[] { 22 })]
    [InlineData("22,80,443", new[] { 22, 80, 443 })]
    [InlineData("443 80, 22", new[] { 443, 80, 22 })]
    [InlineData("8000-8003", new[] { 8000, 8001, 8002, 8003 })]
    [InlineData("80,79-81,80", new[] { 80, 79, 81 })]
    [InlineData("65534-", new[] { 65534, 65535 })]
    [InlineData("-3", new[] { 1, 2, 3 })]
    public void Parse_Forms_GiveThePortsInOrderOnceEach(string spec, int[] expected) =>
        Assert.Equal(expected, PortSpec.Parse(spec));

    [Theory]
    [InlineData("-")]
    [InlineData("1-65535")]
    public void Parse_All_Gives65535Ports(string spec)
    {
        var ports = PortSpec.Parse(spec);

        Assert.Equal(65_535, ports.Length);
        Assert.Equal(Enumerable.Range(1, 65_535), ports);
    }

    [Theory]
    [InlineData("top100", 100)]
    [InlineData("TOP1000", 1000)]
    public void Parse_NamedSets_HaveTheirSize(string spec, int size)
    {
        var ports = PortSpec.Parse(spec);

        Assert.Equal(size, ports.Length);
        Assert.Equal(size, ports.Distinct().Count());
        Assert.Contains(22, ports);
        Assert.Contains(443, ports);
    }

    [Fact]
    public void Parse_Top100_IsInsideTop1000() =>
        Assert.Empty(PortSpec.Parse("top100").Except(PortSpec.Parse("top1000")));

    [Fact]
    public void Parse_SetAndPorts_AreMergedWithoutDuplicates() =>
        Assert.Equal(101, PortSpec.Parse("top100,22,12345").Length);

    [Theory]
    [InlineData("", "ports is required")]
    [InlineData("  ", "ports is required")]
    [InlineData("99999", "ports: '99999' is outside 1-65535")]
    [InlineData("0", "ports: '0' is outside 1-65535")]
    [InlineData("80,70000-70010", "ports: '70000-70010' is outside 1-65535")]
    [InlineData("100-10", "ports: '100-10' is a reversed range: write 10-100")]
    [InlineData("http", "ports: 'http' is not a port, a range (8000-8100), '-' (all) or a named set (top100, top1000)")]
    [InlineData("1-2-3", "ports: '1-2-3' is not a port")]
    [InlineData("+5", "ports: '+5' is not a port")]
    [InlineData("99999999999", "ports: '99999999999' is outside 1-65535")]
    public void Parse_Bad_NamesTheToken(string spec, string expected)
    {
        var error = Assert.Throws<InvalidRequestException>(() => PortSpec.Parse(spec));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
