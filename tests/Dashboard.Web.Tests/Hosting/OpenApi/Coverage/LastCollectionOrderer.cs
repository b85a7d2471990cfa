using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Dashboard.Web.Tests.Hosting.OpenApi.Coverage.LastCollectionOrderer))]

namespace Dashboard.Web.Tests.Hosting.OpenApi.Coverage;

/// <summary>
/// xUnit's own (random) order, except that <see cref="RouteStatusCoverage"/> comes last. It disables parallelization,
/// so it already runs after every parallel collection; last among the sequential ones too, it sees every answer.
/// </summary>
public sealed class LastCollectionOrderer : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, ITestCollection
    {
        var ordered = DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections);
        return [.. ordered.Where(c => !IsLast(c)), .. ordered.Where(c => IsLast(c))];
    }

    private static bool IsLast(ITestCollection collection) =>
        collection.TestCollectionDisplayName.Contains(nameof(RouteStatusCoverage), StringComparison.Ordinal);
}
