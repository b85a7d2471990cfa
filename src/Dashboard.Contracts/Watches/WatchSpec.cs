using Dashboard.Contracts.Listeners;

namespace Dashboard.Contracts.Watches;

/// <summary>
/// A watch as written by a user: in a create or update request, in YAML, in an export. Everything but
/// <see cref="Name"/>, <see cref="Kind"/> and the target has a default (docs/watches.md).
/// </summary>
/// <param name="Name">Unique; 1-100 characters.</param>
/// <param name="Group">Groups route notifications and make status pages; "default" when empty.</param>
/// <param name="Kind">tcp, udp, path, scan or tls.</param>
/// <param name="Expect">What a run must find; each kind has its own (tcp: open, closed, filtered, not-open; udp: reply, refused, silence; path: reachable, blocked; scan: baseline; tls: valid).</param>
/// <param name="Host">tcp, udp, scan, tls: the target host (a scan: one host; tls: also the SNI and the name checked, unless an address).</param>
/// <param name="Port">tcp, udp, path, tls: the port.</param>
/// <param name="Ports">scan: the ports to scan, nmap style ("22,80,1000-2000").</param>
/// <param name="Baseline">scan: the ports expected open; anything else open, or one of these not open, fails.</param>
/// <param name="From">Vantage points to run from, each judged on its own: "" or "local" for this server, else an agent's id or name. Empty: this server.</param>
/// <param name="PathTo">path: the listening end (a vantage point); <see cref="From"/> holds the sending ends.</param>
/// <param name="Protocol">path: tcp or udp.</param>
/// <param name="Payload">tcp: bytes to send once connected; udp: the datagram.</param>
/// <param name="Encoding">How <see cref="Payload"/> is written: text, hex or base64.</param>
/// <param name="Match">tcp (with a payload) and udp: what the reply must contain or match.</param>
/// <param name="MatchKind">text, hex or regex.</param>
/// <param name="IntervalSeconds">How often it runs; or <see cref="Cron"/>.</param>
/// <param name="Cron">A Quartz cron expression (seconds first, or five fields crontab style) instead of an interval.</param>
/// <param name="TimeZone">The cron expression's time zone (IANA id); UTC when empty.</param>
/// <param name="TimeoutMs">Each run's connect or reply timeout.</param>
/// <param name="ConfirmAfter">Consecutive results that confirm a change of state (flap suppression).</param>
/// <param name="RemindMinutes">While down, remind every so many minutes; 0 or empty: never.</param>
/// <param name="Paused">Kept, not run.</param>
/// <param name="MinDaysLeft">tls: the fewest days every certificate of the chain must still be valid for (default 14).</param>
public sealed record WatchSpec(
    string? Name,
    string? Group = null,
    WatchKind? Kind = null,
    WatchExpectation? Expect = null,
    string? Host = null,
    int? Port = null,
    string? Ports = null,
    IReadOnlyList<int>? Baseline = null,
    IReadOnlyList<string>? From = null,
    string? PathTo = null,
    ListenerProtocol? Protocol = null,
    string? Payload = null,
    PayloadEncoding? Encoding = null,
    string? Match = null,
    WatchMatchKind? MatchKind = null,
    int? IntervalSeconds = null,
    string? Cron = null,
    string? TimeZone = null,
    int? TimeoutMs = null,
    int? ConfirmAfter = null,
    int? RemindMinutes = null,
    bool? Paused = null,
    int? MinDaysLeft = null);
