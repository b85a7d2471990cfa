using Dashboard.Web.Limits;

namespace Dashboard.Web.Tests.Limits;

public sealed class DescriptorPlanTests
{
    private static readonly LimitsOptions Defaults = new();

    [Theory]
    // limit, open at start, database: reserved = open + database + max(160, limit/16); of the rest 1/8, 1/4, the remainder.
    [InlineData(1_024, 267, 32, 459, 70, 141, 354)]
    [InlineData(4_096, 267, 32, 555, 442, 885, 2_214)]
    [InlineData(65_536, 300, 100, 4_496, 7_630, 15_260, 38_150)]
    public void Defaults_SplitTheLimitSoThePartsNeverExceedIt(long limit, int open, int database, int reserved, int connections, int upgraded, int budget)
    {
        var plan = DescriptorPlan.For(new ProcessDescriptors(limit, open), database, Defaults);

        Assert.Equal((reserved, connections, upgraded, budget), (plan.Reserved, plan.MaxConnections, plan.MaxUpgradedConnections, plan.SocketBudget));
        Assert.True(plan.Reserved + plan.MaxConnections + plan.MaxUpgradedConnections + plan.SocketBudget <= limit);
        Assert.Null(plan.Problem);
    }

    [Fact]
    public void SetCounts_AreTakenAsTheyAre_AndTheBudgetIsWhatIsLeft()
    {
        var options = new LimitsOptions { ReservedDescriptors = 500, MaxConnections = 100, MaxUpgradedConnections = 300 };

        var plan = DescriptorPlan.For(new ProcessDescriptors(2_000, 267), 32, options);

        Assert.Equal((500, 100, 300, 1_100), (plan.Reserved, plan.MaxConnections, plan.MaxUpgradedConnections, plan.SocketBudget));
    }

    [Fact]
    public void ALimitTooLowForTheProcess_IsAProblemThatSaysWhatToDo()
    {
        var plan = DescriptorPlan.For(new ProcessDescriptors(512, 400), 32, Defaults);

        Assert.Equal(
            "Limits: the open-file limit is 512 and 400 descriptors were open at start; ReservedDescriptors 592 + MaxConnections 1 + MaxUpgradedConnections 1 " +
            "leave 0 sockets for scans, probes, UDP sends and listeners, and at least 16 are needed: raise the limit (ulimit -n, LimitNOFILE=, docker run --ulimit nofile=) " +
            "or lower those settings", plan.Problem);
    }

    [Fact]
    public void AnUnlimitedLimit_GivesTheLargestBudget()
    {
        var plan = DescriptorPlan.For(new ProcessDescriptors(int.MaxValue, 267), 32, Defaults);

        Assert.Equal(DescriptorPlan.MaxSocketBudget, plan.SocketBudget);
        Assert.Null(plan.Problem);
    }
}
