using System.Text.RegularExpressions;
using Dashboard.Contracts.Reproduce;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>What each tool's output says, in the dashboard's words (the oracle: the tools' own documented messages).</summary>
internal static partial class Verdicts
{
    /// <summary>A TCP connect's state as nmap, nc, ncat or the python script tells it.</summary>
    public static string Tcp(ReproduceCommand command, ShellRun.Output output)
    {
        var text = output.All;
        return command.Tool switch
        {
            "nmap" => NmapPort().Match(text) is { Success: true } m ? m.Groups[2].Value : $"unparsed: {text}",
            "nc" => text.Contains("succeeded!", StringComparison.Ordinal) ? "open"
                : text.Contains("Connection refused", StringComparison.Ordinal) ? "closed"
                : text.Contains("timed out", StringComparison.Ordinal) ? "filtered" : $"unparsed: {text}",
            "ncat" => text.Contains("Connected to", StringComparison.Ordinal) ? "open"
                : text.Contains("Connection refused", StringComparison.Ordinal) ? "closed"
                : text.Contains("TIMEOUT", StringComparison.Ordinal) ? "filtered" : $"unparsed: {text}",
            "python3" => text.Trim() switch
            {
                "0 OK" => "open",
                "111 ECONNREFUSED" => "closed",
                "110 ETIMEDOUT" => "filtered",
                var other => $"unparsed: {other}",
            },
            _ => $"no oracle for {command.Tool}",
        };
    }

    /// <summary>Every port nmap reported: port → state.</summary>
    public static Dictionary<int, string> NmapPorts(string text) =>
        NmapPort().Matches(text).ToDictionary(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups[2].Value);

    [GeneratedRegex(@"^(\d+)/tcp\s+(open|closed|filtered|unfiltered|open\|filtered)\s", RegexOptions.Multiline)]
    private static partial Regex NmapPort();
}
