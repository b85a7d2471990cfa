namespace Dashboard.Web.Vantage;

/// <summary>How audit rows name the vantage point of a request.</summary>
public static class VantageText
{
    /// <summary><paramref name="target"/>, with <c>from NAME</c> when the request names an agent.</summary>
    public static string Target(string target, string? from) =>
        VantagePoints.IsLocal(from) ? target : $"{target} from {Cut(from!.Trim())}";

    private static string Cut(string from) => from.Length <= 64 ? from : from[..64];
}
