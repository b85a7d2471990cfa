using System.Globalization;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Paths;

namespace Dashboard.Web.Features.Paths;

/// <summary>A path matrix as people type it: one row per line, <c>from to host port protocol expect</c>.</summary>
public static class PathMatrixText
{
    /// <exception cref="InvalidRequestException">A line that is not a row, naming it.</exception>
    public static List<PathMatrixRow> Parse(string? text)
    {
        var rows = new List<PathMatrixRow>();
        var lines = (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 6 || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || Protocol(parts[4]) is not { } protocol || Expect(parts[5]) is not { } expect)
            {
                throw new InvalidRequestException($"rows: line {i + 1} must be 'from to host port tcp|udp reachable|blocked', got '{lines[i]}'");
            }

            rows.Add(new PathMatrixRow(Vantage(parts[0]), Vantage(parts[1]), port, protocol, expect, parts[2]));
        }

        return rows;
    }

    private static string? Vantage(string name) => Web.Vantage.VantagePoints.IsLocal(name) ? null : name;

    private static ListenerProtocol? Protocol(string text) => text.ToLowerInvariant() switch
    {
        "tcp" => ListenerProtocol.Tcp,
        "udp" => ListenerProtocol.Udp,
        _ => null,
    };

    private static PathExpectation? Expect(string text) => text.ToLowerInvariant() switch
    {
        "reachable" => PathExpectation.Reachable,
        "blocked" => PathExpectation.Blocked,
        _ => null,
    };
}
