using System.Net;
using Dashboard.Contracts.Trace;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Tracing;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tests.Tracing;

public sealed class TracerRulesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Tracer Tracer(SocketBudget? budget = null) => new(Options.Create(new TraceOptions()), TimeProvider.System, budget);

    [Theory]
    [InlineData(65, null, null, "maxHops must be 1-64, got 65")]
    [InlineData(0, null, null, "maxHops must be 1-64, got 0")]
    [InlineData(null, 6, null, "tries must be 1-5, got 6")]
    [InlineData(null, null, 10_001, "timeoutMs must be 1-10000, got 10001")]
    public void Validate_OutOfBounds_NamesTheFieldTheBoundsAndTheValue(int? maxHops, int? tries, int? timeoutMs, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Tracer().Validate(new TraceRequest("10.0.3.5", 5432, null, maxHops, tries, timeoutMs)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_Defaults_AreThirtyHopsThreeTriesTwoSeconds()
    {
        Assert.Equal(new TracePlan(30, 3, 2_000), Tracer().Validate(new TraceRequest("10.0.3.5", 5432)));
    }

    [Fact]
    public async Task Trace_WhenTheBudgetIsSpent_IsRefusedAsLimitReached()
    {
        var budget = new SocketBudget(1);
        Assert.True(budget.TryTake());

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Tracer(budget).TraceAsync(new TraceRequest("127.0.0.1", 9), IPAddress.Loopback, null, Token));

        Assert.Equal(ErrorKind.LimitReached, error.Kind);
        Assert.Contains("a trace needs a socket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_ToLoopbackListener_IsOpenAtHopOneAndReturnsEverySocket()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var budget = new SocketBudget(100);

        var result = await Tracer(budget).TraceAsync(new TraceRequest("127.0.0.1", listener.Port), IPAddress.Loopback, null, Token);

        Assert.Equal((TraceOutcome.Open, 1), (result.Outcome, result.Hops.Count));
        Assert.Equal(0, budget.InUse);
    }
}
