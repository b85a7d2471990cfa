using System.Net;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Operations;
using Dashboard.Web.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>A user's per-minute quota is one quota across the instances behind one address, not one per instance.</summary>
public sealed class SharedQuotaTests(ScaleOutPair pair) : IClassFixture<ScaleOutPair>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbesPerMinute_SpreadOverTwoInstances_AreCountedOnce()
    {
        Dictionary<string, string?> WithQuota(string name) => new(pair.Settings(name)) { ["Policy:Quotas:ProbesPerMinute"] = "3" };
        await using var one = DashboardHost.With(WithQuota("quota-one"));
        await using var two = DashboardHost.With(WithQuota("quota-two"));
        using var listener = new LoopbackListener(IPAddress.Loopback);
        using var httpOne = one.Http(pair.AdminToken);
        using var httpTwo = two.Http(pair.AdminToken);
        var probe = new ProbeRequest("127.0.0.1", listener.Port);

        var answers = new List<HttpStatusCode>();
        foreach (var http in new[] { httpOne, httpTwo, httpOne, httpTwo })
        {
            using var response = await http.PostAsync("api/probe", probe, Token);
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await response.Content.ReadAsStringAsync(Token);
                Assert.Contains("quota of 3 probes per minute (Policy:Quotas:ProbesPerMinute)", problem, StringComparison.Ordinal);
                Assert.InRange(response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            }
        }

        // Each instance alone took two of its three: only the shared window refuses the fourth.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public void RedisUnreachable_EachInstanceCountsOnItsOwn_RatherThanFailingOrLettingAllThrough()
    {
        // Nothing listens on port 1 of loopback: every Redis call fails at once.
        using var deadRedis = StackExchange.Redis.ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=200,syncTimeout=200");
        var shared = new RedisQuotaWindows(deadRedis, Options.Create(new ScaleOutOptions()), TimeProvider.System, NullLogger<RedisQuotaWindows>.Instance);
        var options = new PolicyOptions();
        options.Quotas.ProbesPerMinute = 2;
        using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var quotas = new Quotas(Options.Create(options), TimeProvider.System,
            new DashboardMetrics(metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), shared);
        var ann = new Actor("user-ann", "ann", Role.Operator, IPAddress.Loopback, Door.Api);

        quotas.TakeProbe(ann);
        quotas.TakeProbe(ann);
        var refused = Assert.Throws<RequestRefusedException>(() => quotas.TakeProbe(ann));

        Assert.Contains("quota of 2 probes per minute", refused.Message, StringComparison.Ordinal);
    }
}
