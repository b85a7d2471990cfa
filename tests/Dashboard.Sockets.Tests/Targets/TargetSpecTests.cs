using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Tests.Targets;

public sealed class TargetSpecTests
{
    private static string[] Labels(string spec, int max = 4096) =>
        TargetSpec.Parse(spec, max).Select(t => t.Label).ToArray();

    [Fact]
    public void Parse_MixedForms_KeepOrderAndDropDuplicates() =>
        Assert.Equal(["10.0.0.5", "db1.internal", "::1", "10.0.0.6"],
            Labels("10.0.0.5, db1.internal ::1,10.0.0.5 [::1] 10.0.0.6"));

    [Fact]
    public void Parse_Ipv4Cidr_ExpandsEveryAddressOfTheBlock()
    {
        var targets = TargetSpec.Parse("10.0.0.0/28", 4096);

        Assert.Equal(16, targets.Count);
        Assert.Equal("10.0.0.0", targets[0].Label);
        Assert.Equal("10.0.0.15", targets[^1].Label);
        Assert.All(targets, t => Assert.NotNull(t.Address));
    }

    [Fact]
    public void Parse_CidrWithHostBits_StartsAtTheNetwork() =>
        Assert.Equal(["10.1.1.0", "10.1.1.1", "10.1.1.2", "10.1.1.3"], Labels("10.1.1.3/30"));

    [Fact]
    public void Parse_Ipv6Cidr_Expands() =>
        Assert.Equal(["fd00::", "fd00::1", "fd00::2", "fd00::3"], Labels("fd00::/126"));

    [Fact]
    public void Parse_SingleAddressCidr_IsOneTarget() => Assert.Equal(["127.0.0.1"], Labels("127.0.0.1/32"));

    [Fact]
    public void Parse_Name_IsKeptForResolution()
    {
        var target = Assert.Single(TargetSpec.Parse("db1.internal.", 10));

        Assert.Equal("db1.internal", target.Label);
        Assert.Null(target.Address);
    }

    [Theory]
    [InlineData("", "targets is required")]
    [InlineData("10.0.0.0/1", "targets: '10.0.0.0/1' is 2,147,483,648 addresses; a scan may cover at most 4,096")]
    [InlineData("fd00::/64", "targets: 'fd00::/64' is 18,446,744,073,709,551,616 addresses; a scan may cover at most 4,096")]
    [InlineData("10.0.0.0/33", "targets: '10.0.0.0/33' has a prefix outside 0-32")]
    [InlineData("::/129", "targets: '::/129' has a prefix outside 0-128")]
    [InlineData("10.0.0.0/x", "targets: '10.0.0.0/x' has a prefix outside 0-32")]
    [InlineData("db1/24", "targets: 'db1/24' is not a CIDR block")]
    [InlineData("bad_name!", "targets 'bad_name!' is not a valid name or address")]
    [InlineData("10.0.0.0/20 10.0.16.0/32", "targets: at '10.0.16.0/32' the scan passes 4,096 addresses")]
    public void Parse_Bad_NamesTheTokenAndTheLimit(string spec, string expected)
    {
        var error = Assert.Throws<InvalidRequestException>(() => TargetSpec.Parse(spec, 4096));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExactlyTheCap_IsAllowed() => Assert.Equal(4096, TargetSpec.Parse("10.0.0.0/20", 4096).Count);
}
