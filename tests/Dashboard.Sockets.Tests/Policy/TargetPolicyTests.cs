using System.Net;
using Dashboard.Sockets.Policy;
using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Tests.Policy;

/// <summary>The rules, their order, the presets and every spelling of an address the policy must see through.</summary>
public sealed class TargetPolicyTests
{
    private static readonly TargetPolicy Shipped = new(PolicyPresets.Rules("default"));

    // An own address may also be in a range an earlier rule denies (a 10.x interface is 'private').
    private static readonly string[] StrictRulesForOwnAddresses = ["this-host", "loopback", "private", "link-local", "shared"];

    private static PolicyRule Rule(string name, string action, string networks, string? ports = null, string? roles = null) =>
        PolicyRuleText.Parse(name, action, [networks], ports, roles is null ? null : [roles]);

    [Theory]
    [InlineData("169.254.169.254", "169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "169.254.169.254", "link-local")]
    [InlineData("::ffff:a9fe:a9fe", "169.254.169.254", "link-local")]
    [InlineData("64:ff9b::169.254.169.254", "169.254.169.254", "link-local")]
    [InlineData("2002:a9fe:a9fe::1", "169.254.169.254", "link-local")]
    [InlineData("::169.254.169.254", "169.254.169.254", "link-local")]
    [InlineData("fe80::1", "fe80::1", "link-local")]
    [InlineData("0.0.0.0", "0.0.0.0", "unspecified")]
    [InlineData("::", "::", "unspecified")]
    [InlineData("::ffff:0.0.0.0", "0.0.0.0", "unspecified")]
    [InlineData("224.0.0.1", "224.0.0.1", "multicast")]
    [InlineData("ff02::1", "ff02::1", "multicast")]
    [InlineData("255.255.255.255", "255.255.255.255", "broadcast")]
    [InlineData("fd00:ec2::254", "fd00:ec2::254", "metadata")]
    [InlineData("100.100.100.200", "100.100.100.200", "metadata")]
    [InlineData("::ffff:100.100.100.200", "100.100.100.200", "metadata")]
    [InlineData("168.63.129.16", "168.63.129.16", "metadata")]
    [InlineData("64:ff9b::100.100.100.200", "100.100.100.200", "metadata")]
    [InlineData("64:ff9b:1::169.254.169.254", "169.254.169.254", "link-local")]
    [InlineData("64:ff9b:1:a9fe:a9:fe00::", "169.254.169.254", "link-local")]
    [InlineData("64:ff9b:1:6464:64:c800::", "100.100.100.200", "metadata")]
    [InlineData("::ffff:0:169.254.169.254", "169.254.169.254", "link-local")]
    [InlineData("::ffff:0:a9fe:a9fe", "169.254.169.254", "link-local")]
    [InlineData("::ffff:0:100.100.100.200", "100.100.100.200", "metadata")]
    public void ShippedDefaults_DenyEverySpellingOfTheAddress_ForEveryRole(string typed, string decidedOn, string rule)
    {
        Assert.True(HostName.TryParseAddress(typed, out var address));

        foreach (var role in PolicyRuleText.RoleNames)
        {
            var decision = Shipped.Decide(address, 80, role);
            Assert.False(decision.Allowed);
            Assert.Equal((rule, decidedOn), (decision.RuleName, decision.Address.ToString()));
        }

        Assert.Equal($"{decidedOn} is denied by policy rule '{rule}'", Shipped.Decide(address, 80, "Admin").Message);
    }

    [Theory]
    [InlineData("0177.0.0.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:7f00:1")]
    public void OctalHexAndMappedForms_AreTheAddressTheyParseTo(string typed)
    {
        var policy = new TargetPolicy([Rule("loop", "deny", "127.0.0.0/8")]);
        Assert.True(HostName.TryParseAddress(typed, out var address));

        Assert.Equal("loop", policy.Decide(address, 22, "Operator").RuleName);
        Assert.False(policy.Decide(address, 22, "Operator").Allowed);
    }

    [Fact]
    public void ShippedDefaults_AllowLoopbackPrivateAndPublicAddresses()
    {
        foreach (var text in new[] { "127.0.0.1", "::1", "10.1.2.3", "192.168.1.1", "fd00::1", "8.8.8.8", "2001:db8::1" })
        {
            Assert.True(Shipped.Decide(IPAddress.Parse(text), 443, "Operator").Allowed, text);
        }
    }

    [Fact]
    public void StrictPreset_AlsoDeniesLoopbackAndPrivateRanges()
    {
        var strict = new TargetPolicy(PolicyPresets.Rules("strict"));

        Assert.Equal("loopback", strict.Decide(IPAddress.Parse("127.0.0.1"), 80, "Admin").RuleName);
        Assert.Equal("loopback", strict.Decide(IPAddress.Parse("::1"), 80, "Admin").RuleName);
        Assert.Equal("private", strict.Decide(IPAddress.Parse("10.0.0.5"), 80, "Admin").RuleName);
        Assert.Equal("private", strict.Decide(IPAddress.Parse("172.31.255.1"), 80, "Admin").RuleName);
        Assert.Equal("private", strict.Decide(IPAddress.Parse("192.168.0.1"), 80, "Admin").RuleName);
        Assert.Equal("private", strict.Decide(IPAddress.Parse("fd12::1"), 80, "Admin").RuleName);
        Assert.Equal("private", strict.Decide(IPAddress.Parse("64:ff9b::10.0.0.5"), 80, "Admin").RuleName);
        Assert.True(strict.Decide(IPAddress.Parse("172.32.0.1"), 80, "Admin").Allowed);
        Assert.Equal("shared", strict.Decide(IPAddress.Parse("100.64.0.1"), 80, "Admin").RuleName);
        Assert.Equal("shared", strict.Decide(IPAddress.Parse("100.127.255.254"), 80, "Admin").RuleName);
        Assert.Equal("shared", strict.Decide(IPAddress.Parse("64:ff9b:1::100.64.0.1"), 80, "Admin").RuleName);
        Assert.Equal("shared", strict.Decide(IPAddress.Parse("::ffff:0:100.64.0.1"), 80, "Admin").RuleName);
        Assert.True(strict.Decide(IPAddress.Parse("100.128.0.1"), 80, "Admin").Allowed);
        Assert.Empty(PolicyPresets.Rules("none"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b:1::127.0.0.1")]
    [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("::1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void StrictPreset_RefusesEveryLoopbackSpelling(string typed)
    {
        var strict = new TargetPolicy(PolicyPresets.Rules("strict"));
        Assert.True(HostName.TryParseAddress(typed, out var address));

        Assert.False(strict.Decide(address, 80, "Admin").Allowed);
        Assert.Empty(strict.AllowedPorts(address, [22, 80], "Admin").Allowed);
    }

    [Fact]
    public void StrictPreset_RefusesEveryAddressOfThisHostsInterfaces_TheDefaultPresetDoesNot()
    {
        var strict = new TargetPolicy(PolicyPresets.Rules("strict"));
        var own = HostAddresses.All().Where(a => !IPAddress.IsLoopback(a)).ToList();
        own.Add(IPAddress.Loopback);

        Assert.All(own, address =>
        {
            var decision = strict.Decide(address, 80, "Admin");
            Assert.False(decision.Allowed);
            Assert.Contains(decision.RuleName, StrictRulesForOwnAddresses);
        });
        Assert.Equal("this host's own addresses", Assert.Single(PolicyPresets.Rules("strict"), r => r.Name == "this-host").NetworksText);
        Assert.DoesNotContain(PolicyPresets.Rules("default"), r => r.Name == "this-host");
    }

    [Fact]
    public void Rules_AreOrdered_TheFirstMatchDecides()
    {
        var allowFirst = new TargetPolicy([Rule("one-host", "allow", "10.0.0.5"), Rule("lab", "deny", "10.0.0.0/8")]);
        var denyFirst = new TargetPolicy([Rule("lab", "deny", "10.0.0.0/8"), Rule("one-host", "allow", "10.0.0.5")]);

        Assert.Equal((true, "one-host"), (allowFirst.Decide(IPAddress.Parse("10.0.0.5"), 22, "Operator").Allowed, allowFirst.Decide(IPAddress.Parse("10.0.0.5"), 22, "Operator").RuleName));
        Assert.Equal((false, "lab"), (allowFirst.Decide(IPAddress.Parse("10.0.0.6"), 22, "Operator").Allowed, allowFirst.Decide(IPAddress.Parse("10.0.0.6"), 22, "Operator").RuleName));
        Assert.Equal((false, "lab"), (denyFirst.Decide(IPAddress.Parse("10.0.0.5"), 22, "Operator").Allowed, denyFirst.Decide(IPAddress.Parse("10.0.0.5"), 22, "Operator").RuleName));
    }

    [Fact]
    public void Rules_ApplyToTheirPortsAndRolesOnly()
    {
        var policy = new TargetPolicy([Rule("no-ssh-for-operators", "deny", "10.0.0.0/8", "22,2222-2223", "Operator")]);

        Assert.False(policy.Decide(IPAddress.Parse("10.0.0.5"), 22, "Operator").Allowed);
        Assert.False(policy.Decide(IPAddress.Parse("10.0.0.5"), 2223, "Operator").Allowed);
        Assert.True(policy.Decide(IPAddress.Parse("10.0.0.5"), 23, "Operator").Allowed);
        Assert.True(policy.Decide(IPAddress.Parse("10.0.0.5"), 22, "Admin").Allowed);
        Assert.Equal("default", policy.Decide(IPAddress.Parse("10.0.0.5"), 22, "Admin").RuleName);
    }

    [Fact]
    public void DefaultDeny_DeniesWhatNoRuleAllows()
    {
        var policy = new TargetPolicy([Rule("lab", "allow", "10.0.0.0/24")], PolicyAction.Deny);

        Assert.True(policy.Decide(IPAddress.Parse("10.0.0.9"), 80, "Operator").Allowed);
        var outside = policy.Decide(IPAddress.Parse("10.0.1.9"), 80, "Operator");
        Assert.False(outside.Allowed);
        Assert.Equal("10.0.1.9 is denied by the policy's default action (no rule allows it)", outside.Message);
    }

    [Fact]
    public void AllowedPorts_RemovesOnlyTheDeniedPorts_OrEveryPortOfADeniedAddress()
    {
        var policy = new TargetPolicy([.. PolicyPresets.Rules("default"), Rule("no-smtp", "deny", "0.0.0.0/0", "25")]);
        int[] ports = [22, 25, 80];

        var (open, denied) = policy.AllowedPorts(IPAddress.Parse("10.0.0.1"), ports, "Operator");
        var (none, metadata) = policy.AllowedPorts(IPAddress.Parse("169.254.169.254"), ports, "Operator");
        var (all, nothing) = policy.AllowedPorts(IPAddress.Parse("::1"), ports, "Operator");

        Assert.Equal([22, 80], open);
        Assert.Equal("no-smtp", denied!.RuleName);
        Assert.Empty(none);
        Assert.Equal("link-local", metadata!.RuleName);
        Assert.Equal(ports, all);
        Assert.Null(nothing);
    }

    [Theory]
    [InlineData("10.0.0.1/8", "'10.0.0.1/8' has bits set past its /8 prefix; did you mean 10.0.0.0/8?")]
    [InlineData("10.0.0.0/33", "'10.0.0.0/33' has a bad prefix length: 0-32 for IPv4")]
    [InlineData("db1.internal", "'db1.internal' is not a CIDR block")]
    public void BadNetworks_AreRefusedWithTheFieldAndWhatIsAllowed(string network, string expected)
    {
        var e = Assert.Throws<InvalidRequestException>(() => PolicyRuleText.Parse("x", "deny", [network], null, null, field: "rules[0]"));

        Assert.StartsWith("rules[0].networks:", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadActionPortsAndRoles_AreRefusedWithTheField()
    {
        Assert.Contains("rules[1].action must be allow or deny, got 'block'",
            Assert.Throws<InvalidRequestException>(() => PolicyRuleText.Parse("x", "block", ["10.0.0.0/8"], null, null, field: "rules[1]")).Message, StringComparison.Ordinal);
        Assert.Contains("rules[1].ports: '70000'",
            Assert.Throws<InvalidRequestException>(() => PolicyRuleText.Parse("x", "deny", ["10.0.0.0/8"], "22,70000", null, field: "rules[1]")).Message, StringComparison.Ordinal);
        Assert.Contains("rules[1].roles: 'Root' is not a role",
            Assert.Throws<InvalidRequestException>(() => PolicyRuleText.Parse("x", "deny", ["10.0.0.0/8"], null, ["Root"], field: "rules[1]")).Message, StringComparison.Ordinal);
        Assert.Contains("rules[1].name must be 1-64 printable characters",
            Assert.Throws<InvalidRequestException>(() => PolicyRuleText.Parse("a\r\nb", "deny", ["10.0.0.0/8"], null, null, field: "rules[1]")).Message, StringComparison.Ordinal);
    }
}
