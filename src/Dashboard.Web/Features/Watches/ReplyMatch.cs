using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Contracts.Watches;
using Dashboard.Sockets.Payloads;

namespace Dashboard.Web.Features.Watches;

/// <summary>Whether a reply holds what a watch expects, and if not, how it differs in words.</summary>
public static class ReplyMatch
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static string? Problem(string match, WatchMatchKind kind)
    {
        try
        {
            _ = kind switch
            {
                WatchMatchKind.Hex => PayloadCodec.Decode(match, Contracts.PayloadEncoding.Hex, "match"),
                WatchMatchKind.Regex => [.. Encoding.UTF8.GetBytes(new Regex(match, RegexOptions.None, RegexTimeout).ToString())],
                _ => [],
            };
            return null;
        }
        catch (ArgumentException e)
        {
            return $"match is not a valid {(kind == WatchMatchKind.Regex ? ".NET regular expression" : "hex string")}: {e.Message}";
        }
        catch (InvalidRequestException e)
        {
            return e.Message;
        }
    }

    /// <summary>Null when <paramref name="reply"/> matches; else what was expected and what came, both shown.</summary>
    public static string? Mismatch(ReadOnlySpan<byte> reply, string match, WatchMatchKind kind)
    {
        var matched = kind switch
        {
            WatchMatchKind.Hex => reply.IndexOf(PayloadCodec.Decode(match, Contracts.PayloadEncoding.Hex, "match")) >= 0,
            WatchMatchKind.Regex => Matches(Encoding.UTF8.GetString(reply), match),
            _ => Encoding.UTF8.GetString(reply).Contains(match, StringComparison.Ordinal),
        };
        return matched ? null : $"the reply does not {(kind == WatchMatchKind.Regex ? "match" : "contain")} {Quote(match, kind)}: got {Shown(reply)}";
    }

    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.None, RegexTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Quote(string match, WatchMatchKind kind) => kind switch
    {
        WatchMatchKind.Hex => $"bytes {match}",
        WatchMatchKind.Regex => $"/{match}/",
        _ => $"\"{match}\"",
    };

    /// <summary>The first bytes of a reply as printable text and as hex, for a reason a person reads.</summary>
    public static string Shown(ReadOnlySpan<byte> reply)
    {
        if (reply.Length == 0)
        {
            return "0 bytes";
        }

        var head = reply[..Math.Min(reply.Length, 48)];
        var text = new string([.. Encoding.UTF8.GetString(head).Select(c => char.IsControl(c) ? '.' : c)]);
        return $"{reply.Length} bytes \"{text}{(reply.Length > head.Length ? "…" : "")}\" (hex {Convert.ToHexStringLower(head[..Math.Min(head.Length, 16)])}{(reply.Length > 16 ? "…" : "")})";
    }
}
