using Dashboard.Contracts.Probe;
using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Tests.Features.Scan;

public sealed class ScanResultViewTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static ProbeResult Result(int port, ProbeState state, string address = "10.0.0.1", double rtt = 1) => state switch
    {
        ProbeState.Open => new("db", address, port, state, 0, "OK", "Success", $"open {port}", rtt, "10.0.0.9:40000", $"{address}:{port}", Origin.AddMilliseconds(port)),
        ProbeState.Closed => new("db", address, port, state, 111, "ECONNREFUSED", "ConnectionRefused", "reset", rtt, null, null, Origin.AddMilliseconds(port)),
        _ => new("db", address, port, state, 110, "ETIMEDOUT", "TimedOut", "no answer", rtt, null, null, Origin.AddMilliseconds(port)),
    };

    private static ScanResultStore Log(params ProbeResult[] results)
    {
        var log = new ScanResultStore(results.Length, Origin);
        foreach (var result in results)
        {
            log.Append(result);
        }

        return log;
    }

    [Fact]
    public void Log_ReadBack_IsWhatWasAppended()
    {
        ProbeResult[] results = [Result(22, ProbeState.Open), Result(23, ProbeState.Closed, rtt: 0.125), Result(24, ProbeState.Filtered, "10.0.0.2", 1000)];

        var log = Log(results);

        Assert.Equal(3, log.Count);
        Assert.Equal(results, Enumerable.Range(0, 3).Select(i => log[i]));
    }

    [Fact]
    public void Log_ManyResults_SpanChunks()
    {
        var results = Enumerable.Range(1, 20_000).Select(p => Result(p, p % 1000 == 0 ? ProbeState.Open : ProbeState.Closed)).ToArray();

        var log = Log(results);

        Assert.Equal(results[19_999], log[19_999]);
        Assert.Equal(results[8_191], log[8_191]);
        Assert.Equal(20, Enumerable.Range(0, 20_000).Count(i => log.StateAt(i) == ProbeState.Open));
    }

    [Fact]
    public void View_Default_ShowsOpenOnlyAndCountsAll()
    {
        var view = new ScanResultView(Log(Result(1, ProbeState.Closed), Result(2, ProbeState.Open), Result(3, ProbeState.Filtered)));

        Assert.True(view.Refresh());

        Assert.Equal(1, view.Count);
        Assert.Equal(2, view[0].Port);
        Assert.Equal((1, 1, 1), (view.CountOf(ProbeState.Open), view.CountOf(ProbeState.Closed), view.CountOf(ProbeState.Filtered)));
        Assert.False(view.Refresh());
    }

    [Fact]
    public void View_ToggleAndSort_RebuildTheRows()
    {
        var view = new ScanResultView(Log(Result(30, ProbeState.Closed, rtt: 3), Result(10, ProbeState.Open, rtt: 9), Result(20, ProbeState.Closed, rtt: 1)));
        view.Refresh();

        view.Toggle(ProbeState.Closed);
        view.SortBy(ScanSort.Port);
        var byPort = Enumerable.Range(0, view.Count).Select(i => view[i].Port).ToArray();
        view.SortBy(ScanSort.Port);
        var byPortDescending = Enumerable.Range(0, view.Count).Select(i => view[i].Port).ToArray();
        view.SortBy(ScanSort.Rtt);
        var byRtt = Enumerable.Range(0, view.Count).Select(i => view[i].Port).ToArray();
        view.Toggle(ProbeState.Open);

        Assert.Equal([10, 20, 30], byPort);
        Assert.Equal([30, 20, 10], byPortDescending);
        Assert.Equal([20, 30, 10], byRtt);
        Assert.Equal(2, view.Count);
    }

    [Fact]
    public void View_Refresh_KeepsItsSortForNewRows()
    {
        var log = new ScanResultStore(3, Origin);
        var view = new ScanResultView(log);
        view.Toggle(ProbeState.Closed);
        view.SortBy(ScanSort.Port);
        log.Append(Result(50, ProbeState.Closed));
        log.Append(Result(5, ProbeState.Closed));
        view.Refresh();
        log.Append(Result(7, ProbeState.Open));

        view.Refresh();

        Assert.Equal([5, 7, 50], Enumerable.Range(0, view.Count).Select(i => view[i].Port));
    }

    [Fact]
    public void View_SortByHost_IsNumeric_IPv4BeforeIPv6()
    {
        var view = new ScanResultView(Log(Result(1, ProbeState.Open, "10.0.0.10"), Result(1, ProbeState.Open, "::1"), Result(1, ProbeState.Open, "10.0.0.2"),
            Result(1, ProbeState.Open, "9.255.255.255")));
        view.Refresh();

        view.SortBy(ScanSort.Host);

        Assert.Equal(["9.255.255.255", "10.0.0.2", "10.0.0.10", "::1"], Enumerable.Range(0, view.Count).Select(i => view[i].Address));
    }

    [Fact]
    public void View_SortsByServiceAndByCode()
    {
        var view = new ScanResultView(Log(Result(5432, ProbeState.Closed) with { Service = "postgresql" }, Result(22, ProbeState.Open) with { Service = "ssh" },
            Result(40000, ProbeState.Filtered), Result(80, ProbeState.Closed) with { Service = "http" }));
        view.Refresh();
        view.Toggle(ProbeState.Closed);
        view.Toggle(ProbeState.Filtered);

        view.SortBy(ScanSort.Service);
        var byService = Enumerable.Range(0, view.Count).Select(i => view[i].Port).ToArray();
        view.SortBy(ScanSort.Code);
        var byCode = Enumerable.Range(0, view.Count).Select(i => view[i].Port).ToArray();

        Assert.Equal([80, 5432, 22, 40000], byService);
        Assert.Equal([22, 40000, 80, 5432], byCode);
    }
}
