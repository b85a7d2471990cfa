using Dashboard.Web.ScaleOut;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>The instance's default name, and settings that must stop the dashboard at start.</summary>
public sealed class ScaleOutOptionsTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080", "8080")]
    [InlineData("urls", "http://+:7001;http://127.0.0.1:7002", "7001")]
    [InlineData("http_ports", "8081", "8081")]
    [InlineData("unrelated", "x", "5000")]
    public void DefaultName_IsTheMachineNameAndTheListeningPort(string key, string value, string port)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var name = InstanceIdentity.DefaultName(configuration);

        Assert.Equal($"{Environment.MachineName}:{port}", name);
    }

    [Fact]
    public void ARenewalNoShorterThanTheLease_StopsTheStart_SayingWhy()
    {
        using var host = DashboardHost.With(new()
        {
            ["ScaleOut:Redis"] = "127.0.0.1:1",
            ["ScaleOut:LeaseSeconds"] = "5",
            ["ScaleOut:RenewSeconds"] = "5",
        });

        var refused = Assert.ThrowsAny<OptionsValidationException>(() => host.BaseAddress);

        Assert.Contains("ScaleOut:RenewSeconds must be below ScaleOut:LeaseSeconds", refused.Message, StringComparison.Ordinal);
    }
}
