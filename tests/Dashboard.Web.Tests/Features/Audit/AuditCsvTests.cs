using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;

namespace Dashboard.Web.Tests.Features.Audit;

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=1+2", "\"'=1+2\"")]
    [InlineData("+cmd", "\"'+cmd\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tx", "\"'\tx\"")]
    [InlineData("a\r\nb", "\"a\r\nb\"")]
    [InlineData("", "\"\"")]
    [InlineData(null, "\"\"")]
    public void Field_IsQuoted_AndFormulasAreNeutralised(string? value, string expected) => Assert.Equal(expected, AuditCsv.Field(value));

    [Fact]
    public void Line_HasEveryColumnInTheHeadersOrder()
    {
        var entry = new AuditEntry
        {
            Id = 7, AtMs = 1_764_158_400_123, ActorId = "u1", ActorName = "otto", Role = Role.Operator, ClientAddress = "127.0.0.1", Door = Door.Api,
            Action = AuditActions.Probe, Target = "10.0.0.5:22", Outcome = AuditOutcome.Refused, RefusalKind = ErrorKind.LimitReached, Detail = "slow down",
        };

        var line = AuditCsv.Line(entry);

        Assert.Equal(
            "\"7\",\"2025-11-26T12:00:00.123Z\",\"otto\",\"u1\",\"Operator\",\"127.0.0.1\",\"api\",\"probe\",\"10.0.0.5:22\",\"refused (limit-reached)\",\"slow down\"\r\n",
            line);
        Assert.Equal(AuditCsv.Header.Split(',').Length, line.TrimEnd().Split("\",\"").Length);
    }
}
