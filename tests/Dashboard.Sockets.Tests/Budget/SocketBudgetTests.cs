using System.Globalization;
using Dashboard.Sockets.Budget;

namespace Dashboard.Sockets.Tests.Budget;

public sealed class SocketBudgetTests
{
    [Theory]
    [InlineData(1_024, 896)]
    [InlineData(256, 192)]
    [InlineData(65_536, 57_344)]
    [InlineData(100, 36)]
    public void Capacity_IsTheOpenFileLimitLessHeadroom(long limit, int expected) =>
        Assert.Equal(expected, SocketBudget.CapacityFor(limit));

    [Fact]
    public void Default_ComesFromThisProcesssSoftOpenFileLimit()
    {
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture);

        Assert.Equal(SocketBudget.CapacityFor(soft), new SocketBudget().Capacity);
    }

    [Fact]
    public void TryTake_StopsAtTheCapacity_AndReturnGivesBack()
    {
        var budget = new SocketBudget(3);

        Assert.Equal(3, Enumerable.Range(0, 5).Count(_ => budget.TryTake()));
        Assert.Null(budget.TryLease());
        budget.Return();
        using var lease = budget.TryLease();
        Assert.NotNull(lease);
        Assert.Equal(3, budget.InUse);
    }

    [Fact]
    public void Scans_ShareTheCapacityLessTheInteractiveReserveFairly_AndGetTheirShareBackWhenOthersEnd()
    {
        var budget = new SocketBudget(1_000);
        Assert.Equal((125, 875), (budget.InteractiveReserve, budget.ScanCapacity));
        using var first = budget.JoinScan(4_096);
        Assert.Equal(875, first.Limit);

        using (var second = budget.JoinScan(4_096))
        using (var small = budget.JoinScan(10))
        {
            Assert.Equal((291, 291, 10), (first.Limit, second.Limit, small.Limit));
        }

        Assert.Equal(875, first.Limit);
    }

    [Fact]
    public async Task LeaseAsync_WithAWait_GivesNullOnceTheWaitIsOver()
    {
        var budget = new SocketBudget(1);
        using var held = budget.TryLease();

        var lease = await budget.LeaseAsync(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);

        Assert.Null(lease);
        Assert.Equal(1, budget.InUse);
    }

    [Fact]
    public async Task LeaseAsync_Precanceled_Throws()
    {
        var budget = new SocketBudget(1);
        using var held = budget.TryLease();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => budget.LeaseAsync(TimeSpan.FromSeconds(1), new CancellationToken(canceled: true)).AsTask());
    }

    [Fact]
    public async Task LeaseAsync_WaitsForASocketToBeReturned()
    {
        var budget = new SocketBudget(1);
        var held = budget.TryLease()!;

        var waiting = budget.LeaseAsync(TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(30, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        held.Dispose();

        using var lease = await waiting;
        Assert.Equal(1, budget.InUse);
    }

    [Fact]
    public async Task Listener_WhenTheBudgetIsSpent_IsRefusedClearly_AndGivesItsSocketBackWhenClosed()
    {
        var budget = new SocketBudget(1);
        await using var listeners = Dashboard.Sockets.Tests.Support.Engine.Listeners(budget: budget);
        var first = listeners.Create(new Dashboard.Contracts.Listeners.ListenerRequest(Dashboard.Contracts.Listeners.ListenerProtocol.Tcp, "127.0.0.1", 0), "test");

        var error = Assert.Throws<RequestRefusedException>(() => listeners.Create(new Dashboard.Contracts.Listeners.ListenerRequest(Dashboard.Contracts.Listeners.ListenerProtocol.Tcp, "127.0.0.1", 0), "test"));
        Assert.Equal(ErrorKind.LimitReached, error.Kind);
        Assert.Equal("a listener needs a socket, and all 1 sockets of this server's budget are in use (the open-file limit less what the web server, " +
            "the database and logs need); try again when a scan or a listener has finished", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);

        await first.StopAsync("test over");
        Assert.Equal(0, budget.InUse);
    }
}
