using Dashboard.Contracts.Probe;
using Dashboard.Sockets.Targets;

namespace Dashboard.Sockets.Tests.Targets;

public sealed class RequestValidationTests
{
    [Theory]
    [InlineData("db1.internal")]
    [InlineData("localhost")]
    [InlineData("a-b_c.example.net.")]
    [InlineData("10.0.0.5")]
    [InlineData("::1")]
    [InlineData("[fe80::1]")]
    [InlineData("  127.0.0.1  ")]
    public void HostProblem_ValidHost_IsNull(string host) => Assert.Null(HostName.Problem(host));

    [Theory]
    [InlineData("", "host is required")]
    [InlineData("   ", "host is required")]
    [InlineData("a b", "host 'a b' is not a valid name or address")]
    [InlineData("-leading.dash", "is not a valid name")]
    [InlineData("999.1.1.1", "host '999.1.1.1' is not a valid name or address")]
    [InlineData("db1:5432", "includes a port: give the host alone and put 5432 in the port field")]
    [InlineData("http://x", "is not a valid name")]
    [InlineData("a..b", "is not a valid name")]
    public void HostProblem_InvalidHost_SaysWhatIsWrong(string host, string expected) =>
        Assert.Contains(expected, HostName.Problem(host), StringComparison.Ordinal);

    [Fact]
    public void HostProblem_TooLong_SaysTheLimit() =>
        Assert.Equal("host must be at most 253 characters, got 300", HostName.Problem(new string('a', 300)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(70000)]
    public void PortProblem_OutOfRange_NamesTheRangeAndTheValue(int port) =>
        Assert.Equal($"port must be 1-65535, got {port}", PortNumber.Problem(port));

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void PortProblem_Bounds_AreAllowed(int port) => Assert.Null(PortNumber.Problem(port));

    [Theory]
    [InlineData(0, "timeoutMs must be 1-5000, got 0")]
    [InlineData(5001, "timeoutMs must be 1-5000, got 5001")]
    public void Validate_TimeoutOutsideBounds_IsRefused(int timeoutMs, string expected)
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            Engine.Prober(maxTimeoutMs: 5_000).Validate(new ProbeRequest("127.0.0.1", 80, timeoutMs)));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Validate_NoTimeout_TakesTheDefault() =>
        Assert.Equal(3_000, Engine.Prober().Validate(new ProbeRequest("127.0.0.1", 80)));

    [Fact]
    public void Validate_NullRequest_SaysWhatIsExpected() =>
        Assert.Contains("request is required", Assert.Throws<InvalidRequestException>(() => Engine.Prober().Validate(null)).Message,
            StringComparison.Ordinal);

    [Fact]
    public async Task Probe_InvalidPort_ThrowsBeforeAnySocket()
    {
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            Engine.Prober().ProbeAsync(new ProbeRequest("127.0.0.1", 70000), TestContext.Current.CancellationToken));

        Assert.Equal("port must be 1-65535, got 70000", error.Message);
    }
}
