using System.Net;
using System.Text;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>
/// Text an agent sends, made fit to show and store: an agent is another machine, possibly taken over, so what it
/// says is bounded in length and has no control characters (no forged log lines, rows or terminal escapes).
/// </summary>
public static class AgentText
{
    /// <summary>The longest name-like field kept (a code name, a service, a method).</summary>
    public const int MaxName = 64;

    /// <summary>The longest sentence kept (a message, a reason, an error).</summary>
    public const int MaxLine = 512;

    /// <summary><paramref name="text"/> with control characters as spaces, cut to <paramref name="max"/> characters ("…" marks a cut); "" for null.</summary>
    public static string Clean(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (text.Length <= max && !text.Any(NeedsCleaning))
        {
            return text;
        }

        var cleaned = new StringBuilder(Math.Min(text.Length, max));
        foreach (var c in text)
        {
            if (cleaned.Length == max - 1 && text.Length > max)
            {
                cleaned.Append('…');
                break;
            }

            cleaned.Append(NeedsCleaning(c) ? ' ' : c);
        }

        return cleaned.ToString();
    }

    /// <summary>As <see cref="Clean"/>, keeping null as null.</summary>
    public static string? CleanOrNull(string? text, int max) => text is null ? null : Clean(text, max);

    /// <summary>An endpoint as "ip:port" when it is one, else null: an endpoint field holds nothing else.</summary>
    public static string? EndPoint(string? text) =>
        text is { Length: <= 64 } && IPEndPoint.TryParse(text, out var endPoint) ? endPoint.ToString() : null;

    /// <summary>
    /// An endpoint of a listener's event as an agent reports it: for unix and unixgram a socket path (absolute, at most
    /// 107 bytes, nothing to clean), else an IP endpoint; null when it is not one.
    /// </summary>
    public static string? EndPoint(string? text, Contracts.Listeners.ListenerProtocol protocol) =>
        protocol is Contracts.Listeners.ListenerProtocol.Unix or Contracts.Listeners.ListenerProtocol.UnixDatagram
            ? Dashboard.Sockets.UnixSockets.UnixSocketPath.Problem(text) is null && Clean(text, 200) == text ? text : null
            : EndPoint(text);

    // Controls, and the bidirectional overrides and line separators that make text read other than it is.
    private static bool NeedsCleaning(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}

/// <summary>An agent's result records rebuilt fit to store: who and where from the dashboard's own request, every text cleaned.</summary>
public static class AgentRecords
{
    /// <summary><paramref name="result"/> for <paramref name="host"/> at <paramref name="address"/> (as the dashboard sent them), its texts cleaned.</summary>
    public static ProbeResult Probe(ProbeResult result, string host, string? address) => result with
    {
        Host = host,
        Address = address,
        CodeName = AgentText.Clean(result.CodeName, AgentText.MaxName),
        SocketError = AgentText.Clean(result.SocketError, AgentText.MaxName),
        Message = AgentText.Clean(result.Message, AgentText.MaxLine),
        RttMs = Duration(result.RttMs),
        LocalEndPoint = AgentText.EndPoint(result.LocalEndPoint),
        RemoteEndPoint = AgentText.EndPoint(result.RemoteEndPoint),
        At = Recent(result.At),
        Service = AgentText.CleanOrNull(result.Service, AgentText.MaxName),
        Attempts = result.Attempts is >= 1 and <= 100 ? result.Attempts : null,
        Id = null,
        From = null,
    };

    /// <summary><paramref name="result"/> for <paramref name="host"/> at <paramref name="address"/>, its texts cleaned.</summary>
    public static HostResult Host(HostResult result, string host, string address) => result with
    {
        Host = host,
        Address = address,
        Method = AgentText.Clean(result.Method, AgentText.MaxName),
        Detail = AgentText.CleanOrNull(result.Detail, AgentText.MaxLine),
        RttMs = Duration(result.RttMs),
        Reason = AgentText.Clean(result.Reason, AgentText.MaxLine),
        At = Recent(result.At),
    };

    // A round trip is a finite, non-negative time under an hour; anything else says nothing.
    private static double? Duration(double? ms) => ms is { } value && double.IsFinite(value) && value is >= 0 and < 3_600_000 ? value : null;

    // An agent's clock may be off, not by years: a time further than a day from now is replaced by now.
    private static DateTimeOffset Recent(DateTimeOffset at)
    {
        var now = DateTimeOffset.UtcNow;
        return at > now.AddDays(-1) && at < now.AddDays(1) ? at : now;
    }
}
