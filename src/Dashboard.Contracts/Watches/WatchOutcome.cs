namespace Dashboard.Contracts.Watches;

/// <summary>One run's result at one vantage point (a preview's answer, and what a run stores).</summary>
/// <param name="Vantage">As the spec names it: "" for this server, else the agent's id or name.</param>
/// <param name="VantageName">How results name it: "this server" or the agent's name.</param>
/// <param name="Passed">Whether the expectation held.</param>
/// <param name="Outcome">What was found, one word (open, closed, filtered, reply, silence, reachable, changed, denied, error...).</param>
/// <param name="Reason">In plain words.</param>
/// <param name="RttMs">The round trip, when there was one.</param>
public sealed record WatchOutcome(string Vantage, string VantageName, bool Passed, string Outcome, string Reason, double? RttMs)
{
    public static WatchOutcome Failed(string vantage, string vantageName, string outcome, string reason) =>
        new(vantage, vantageName, false, outcome, Clip(reason), null);

    /// <summary>The longest reason kept.</summary>
    public const int MaxReasonLength = 512;

    public static string Clip(string reason) =>
        reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 1)] + "…";
}
