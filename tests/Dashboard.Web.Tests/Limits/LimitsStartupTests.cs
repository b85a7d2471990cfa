using Dashboard.Sockets.Budget;
using Dashboard.Web.Limits;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.Limits;

/// <summary>The <c>Limits</c> settings are checked when the app starts, and what they give is what Kestrel and the engine use.</summary>
public sealed class LimitsStartupTests
{
    [Fact]
    public void Start_CountsThatLeaveNoSocketBudget_StopsWithAMessageNamingTheSettings()
    {
        using var bad = DashboardHost.With(new() { ["Limits:ReservedDescriptors"] = "16777216" });

        var error = Assert.ThrowsAny<Exception>(() => bad.BaseAddress);

        Assert.Contains("Limits: the open-file limit is", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("ReservedDescriptors 16,777,216", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("raise the limit (ulimit -n", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Limits:HubConnectionsPerUser", "0")]
    [InlineData("Limits:MaxUpgradedConnections", "0")]
    [InlineData("Limits:RetryAfterSeconds", "0")]
    public void Start_ACountOutOfItsRange_StopsWithAMessageNamingIt(string setting, string value)
    {
        using var bad = DashboardHost.With(new() { [setting] = value });

        var error = Assert.ThrowsAny<Exception>(() => bad.BaseAddress);

        Assert.Contains(setting.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrel_TakesItsConnectionCapsFromTheSplit_AcceptsThroughTheGate_AndTheEngineGetsTheRest()
    {
        using var host = DashboardHost.With(new() { ["Limits:MaxConnections"] = "100", ["Limits:MaxUpgradedConnections"] = "200", ["Limits:RetryAfterSeconds"] = "9" });
        _ = host.BaseAddress;

        var plan = host.Services.GetRequiredService<DescriptorPlan>();
        var kestrel = host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        var budget = host.Services.GetRequiredService<SocketBudget>();

        Assert.Equal((100L, 200L), (kestrel.MaxConcurrentConnections!.Value, kestrel.MaxConcurrentUpgradedConnections!.Value));
        Assert.Equal((100, 200), (plan.MaxConnections, plan.MaxUpgradedConnections));
        Assert.IsType<AcceptGate>(Assert.Single(host.Services.GetServices<IConnectionListenerFactory>()));
        Assert.Equal(plan.SocketBudget, budget.Capacity);
        Assert.Equal(TimeSpan.FromSeconds(9), budget.RetryAfter);
        Assert.True(plan.Reserved + 100 + 200 + (long)plan.SocketBudget <= plan.OpenFileLimit);
        using var http = host.Http();
        var scrape = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        foreach (var gauge in new[] { "dashboard_sockets_in_use", "dashboard_connections_open", "dashboard_hub_connections" })
        {
            Assert.Contains(gauge, scrape, StringComparison.Ordinal);
        }
    }
}
