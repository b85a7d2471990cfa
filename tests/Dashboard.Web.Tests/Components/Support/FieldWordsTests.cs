using Dashboard.Web.Components.Support;

namespace Dashboard.Web.Tests.Components.Support;

public sealed class FieldWordsTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["port"] = "Port", ["timeoutMs"] = "Timeout (ms)", ["intervalMs"] = "Interval (ms)", ["waitReplyMs"] = "Wait (ms)", ["bindAddress"] = "Bind address",
    };

    [Theory]
    [InlineData("timeoutMs must be 1-30000, got 0", "Timeout (ms) must be 1-30000, got 0")]
    [InlineData("bindAddress must be an IP address of this host, got 'x'", "Bind address must be an IP address of this host, got 'x'")]
    [InlineData("port must be 1-65535, got 70000", "Port must be 1-65535, got 70000")]
    [InlineData("(count - 1) × intervalMs + waitReplyMs must be at most 60,000 ms", "(count - 1) × Interval (ms) + Wait (ms) must be at most 60,000 ms")]
    [InlineData("host 'db1:5432' includes a port: put 5432 in the port field", "Host 'db1:5432' includes a port: put 5432 in the port field")]
    public void Relabel_UsesTheFormsLabels_AndLeavesOrdinaryWordsAlone(string message, string expected) =>
        Assert.Equal(expected, FieldWords.Relabel(message, Labels));

    [Fact]
    public void Relabel_Null_StaysNull() => Assert.Null(FieldWords.Relabel(null, Labels));

    [Theory]
    [InlineData("", "Port is required: 1-65535", null)]
    [InlineData("abc", "Port: not a number, got 'abc'; give 1-65535", null)]
    [InlineData("12.5", "Port: not a number, got '12.5'; give 1-65535", null)]
    [InlineData("70000", "Port must be 1-65535, got 70000", 70000)]
    [InlineData(" 443 ", null, 443)]
    public void PortProblem_SaysWhatIsWrongInTheLabelsWords(string text, string? expected, int? port)
    {
        var problem = FieldWords.PortProblem(text, "Port", out var parsed);

        Assert.Equal(expected, problem);
        Assert.Equal(port, parsed);
    }
}
