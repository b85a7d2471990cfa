using Dashboard.Contracts.Identify;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>An agent's service identification rebuilt fit to store: where from the dashboard's own request, every text cleaned and bounded.</summary>
public static class AgentIdentify
{
    /// <summary>The most reads of one identification taken from an agent (the banner wait, each probe and its follow-up).</summary>
    public const int MaxTried = 16;

    /// <summary>The longest hex dump or text of the bytes seen taken from an agent.</summary>
    public const int MaxBytesText = 16_384;

    public static IdentifyResult Accept(IdentifyResult result, IdentifyRequest request, string? address) => result with
    {
        Host = request.Host,
        Address = address,
        Port = request.Port,
        Service = AgentText.CleanOrNull(result.Service, AgentText.MaxName),
        Product = AgentText.CleanOrNull(result.Product, AgentText.MaxName),
        Version = AgentText.CleanOrNull(result.Version, AgentText.MaxName),
        Info = AgentText.CleanOrNull(result.Info, AgentText.MaxLine),
        LearnedBy = AgentText.CleanOrNull(result.LearnedBy, AgentText.MaxName),
        PortName = AgentText.CleanOrNull(result.PortName, AgentText.MaxName),
        CodeName = AgentText.Clean(result.CodeName, AgentText.MaxName),
        Message = AgentText.Clean(result.Message, AgentText.MaxLine),
        Bytes = result.Bytes is { } seen
            ? new SeenBytes(Math.Max(0, seen.Length), Lines(seen.Hex), Lines(seen.Text), seen.Truncated)
            : null,
        Tried = [.. (result.Tried ?? []).Take(MaxTried).Select(t => new IdentifyAttempt(AgentText.Clean(t.Probe, AgentText.MaxName), Math.Max(0, t.Received),
            double.IsFinite(t.Ms) ? Math.Max(0, t.Ms) : 0, AgentText.Clean(t.Outcome, AgentText.MaxName)))],
        ElapsedMs = double.IsFinite(result.ElapsedMs) ? Math.Max(0, result.ElapsedMs) : 0,
        Id = null,
        From = null,
    };

    // Line breaks are the dump's own; every other control character is cleaned, and the whole bounded.
    private static string Lines(string? text)
    {
        var cleaned = string.Join('\n', (text ?? "").Split('\n').Select(line => AgentText.Clean(line.Replace('\r', ' ').Replace('\t', ' '), MaxBytesText)));
        return cleaned.Length <= MaxBytesText ? cleaned : cleaned[..MaxBytesText];
    }
}
