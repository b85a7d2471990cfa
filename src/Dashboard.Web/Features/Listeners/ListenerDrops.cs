using System.Globalization;
using Dashboard.Contracts.Listeners;

namespace Dashboard.Web.Features.Listeners;

/// <summary>What a listener turned away, in words for its page and the list: nothing when it turned nothing away.</summary>
internal static class ListenerDrops
{
    /// <summary>", 64 refused at once" when connections were closed at once.</summary>
    public static string Refused(ListenerInfo info) =>
        info.ConnectionsRefused is > 0 and var refused ? $", {N(refused)} refused at once" : "";

    /// <summary>" · replies not sent: 3 denied by policy, 40 over the rate · 1 reply cut to size" when any.</summary>
    public static string Replies(ListenerInfo info)
    {
        var notSent = new List<string>(2);
        if (info.RepliesDenied is > 0 and var denied)
        {
            notSent.Add($"{N(denied)} denied by policy");
        }

        if (info.RepliesThrottled is > 0 and var throttled)
        {
            notSent.Add($"{N(throttled)} over the rate");
        }

        var text = notSent.Count > 0 ? $" · replies not sent: {string.Join(", ", notSent)}" : "";
        return info.RepliesTrimmed is > 0 and var trimmed ? $"{text} · {N(trimmed)} {(trimmed == 1 ? "reply" : "replies")} cut to size" : text;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
