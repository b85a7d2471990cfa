using System.Net;
using System.Net.NetworkInformation;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Tests.Targets;

/// <summary>Targets that are easy to get wrong: each has a clear result or a clear error, never a silent drop.</summary>
public sealed class TargetEdgeCaseTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("[::1]:80", "targets: '[::1]:80' includes a port: give the host alone ([::1]) and put 80 in ports")]
    [InlineData("127.0.0.1:8080", "targets: '127.0.0.1:8080' includes a port: give the host alone (127.0.0.1) and put 8080 in ports")]
    [InlineData(",,,", "targets: ',,,' names no targets, only separators")]
    [InlineData(" , ,\t", "targets: ', ,' names no targets, only separators")]
    [InlineData("fe80::1%nosuch9", "targets: 'fe80::1%nosuch9' names the interface 'nosuch9', which this server does not have (it has: ")]
    [InlineData("10.0.0.0/16", "targets: '10.0.0.0/16' is 65,536 addresses; a scan may cover at most 4,096 (Sockets:Scan:MaxAddresses)")]
    public void Parse_Edge_IsAClearError(string spec, string expected)
    {
        var error = Assert.Throws<InvalidRequestException>(() => TargetSpec.Parse(spec, 4096));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ZoneOfAnExistingInterface_KeepsItsIndexAndTheLabelAsWritten()
    {
        var loopback = NetworkInterface.GetAllNetworkInterfaces().First(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback);

        var target = Assert.Single(TargetSpec.Parse($"fe80::1%{loopback.Name}", 10));

        Assert.Equal($"fe80::1%{loopback.Name}", target.Label);
        Assert.Equal(loopback.GetIPProperties().GetIPv6Properties().Index, target.Address!.ScopeId);
    }

    [Fact]
    public void Probe_HostWithPort_SaysHowToWriteIt()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Engine.Prober().Validate(new ProbeRequest("[::1]:80", 80)));

        Assert.Contains("includes a port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_Ipv4MappedAddress_IsProbedOverIpv4()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var plan = await Engine.Planner().PlanAsync(new ScanRequest("::ffff:127.0.0.1", $"{listener.Port}"), Token);

        var results = new List<ProbeResult>();
        await foreach (var result in Engine.DefaultScanner().ScanAsync(plan, Token))
        {
            results.Add(result);
        }

        var open = Assert.Single(results);
        Assert.Equal((ProbeState.Open, "::ffff:127.0.0.1", "127.0.0.1"), (open.State, open.Host, open.Address));
    }

    [Fact]
    public async Task Probe_Ipv4MappedAddress_IsProbedOverIpv4()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);

        var result = await Engine.Prober().ProbeAsync(new ProbeRequest("::ffff:127.0.0.1", listener.Port), Token);

        Assert.Equal((ProbeState.Open, "127.0.0.1"), (result.State, result.Address));
    }

    [Theory]
    [InlineData(false, new[] { "127.0.0.1" })]
    [InlineData(true, new[] { "127.0.0.1", "::1" })]
    public async Task Plan_NameWithSeveralAddresses_ScansTheFirstOrAll(bool all, string[] expected)
    {
        var plan = await Engine.Planner().PlanAsync(new ScanRequest("app.localhost", "80", AllAddresses: all), Token);

        Assert.Equal(expected, plan.Targets.Select(t => t.AddressText));
        Assert.All(plan.Targets, t => Assert.Equal("app.localhost", t.Label));
        Assert.Equal(all, plan.DiscoverHosts);
    }

    [Theory]
    [InlineData(22, "ssh")]
    [InlineData(5432, "postgresql")]
    [InlineData(443, "https")]
    [InlineData(3306, "mysql")]
    [InlineData(31337, null)]
    public void ServiceNames_AreTheRegistrysCommonNames(int port, string? expected) => Assert.Equal(expected, ServiceNames.Of(port));
}
