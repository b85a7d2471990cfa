using System.Text.RegularExpressions;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Watches;
using Dashboard.Sockets.Payloads;
using Dashboard.Sockets.Targets;
using Dashboard.Web.Features.Watches.Storage;
using Quartz;

namespace Dashboard.Web.Features.Watches;

/// <summary>A spec checked and completed: every problem names the field, what is allowed and what was given.</summary>
public static class WatchSpecs
{
    public const int DefaultTimeoutMs = 3_000;

    public const int MaxTimeoutMs = 30_000;

    public const int MaxConfirmAfter = 100;

    public const int MaxPayloadBytes = 4_096;

    public const int MaxMatchLength = 1_024;

    public const string DefaultGroup = "default";

    private static readonly Regex GroupPattern = new("^[A-Za-z0-9][A-Za-z0-9._ -]*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The expectations each kind takes; the first is its default.</summary>
    public static IReadOnlyList<WatchExpectation> ExpectationsOf(WatchKind kind) => kind switch
    {
        WatchKind.Tcp => [WatchExpectation.Open, WatchExpectation.Closed, WatchExpectation.Filtered, WatchExpectation.NotOpen],
        WatchKind.Udp => [WatchExpectation.Reply, WatchExpectation.Refused, WatchExpectation.Silence],
        WatchKind.Path => [WatchExpectation.Reachable, WatchExpectation.Blocked],
        WatchKind.Tls => [WatchExpectation.Valid],
        _ => [WatchExpectation.Baseline],
    };

    /// <summary>
    /// <paramref name="spec"/> with its defaults filled in and names trimmed; throws the first problem.
    /// </summary>
    /// <exception cref="InvalidRequestException">A field is missing or out of bounds.</exception>
    public static WatchSpec Complete(WatchSpec? spec, WatchOptions options, int minIntervalSeconds)
    {
        if (spec is null)
        {
            throw new InvalidRequestException("watch is required: { name, kind, expect?, host?, port?, from?, intervalSeconds? | cron? ... }");
        }

        var name = spec.Name?.Trim();
        Check(name switch
        {
            null or "" => $"name is required: 1-{WatchRecord.MaxNameLength} characters",
            { Length: > WatchRecord.MaxNameLength } => $"name must be at most {WatchRecord.MaxNameLength} characters, got {name.Length}",
            _ when name.Any(char.IsControl) => "name must not hold control characters",
            _ => null,
        });
        var group = string.IsNullOrWhiteSpace(spec.Group) ? DefaultGroup : spec.Group.Trim();
        Check(group.Length > WatchRecord.MaxGroupLength || !GroupPattern.IsMatch(group)
            ? $"group must be 1-{WatchRecord.MaxGroupLength} letters, digits, spaces, '.', '-' or '_', starting with a letter or digit, got '{Shorten(group)}'"
            : null);
        var kind = spec.Kind ?? throw new InvalidRequestException("kind is required: tcp, udp, path, scan or tls");
        var allowed = ExpectationsOf(kind);
        var expect = spec.Expect ?? allowed[0];
        Check(allowed.Contains(expect) ? null
            : $"expect for a {Wire(kind)} watch must be one of {string.Join(", ", allowed.Select(Wire))}, got {Wire(expect)}");

        var from = (spec.From ?? []).Select(f => f?.Trim() ?? "").Select(f => Vantage.VantagePoints.IsLocal(f) ? "" : f).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (from.Count == 0)
        {
            from.Add("");
        }

        Check(from.Count > options.MaxVantagePoints ? $"from may name at most {options.MaxVantagePoints} vantage points, got {from.Count}" : null);
        Check(from.FirstOrDefault(f => f.Length > 64) is { } longFrom ? $"from: a vantage point is at most 64 characters, got {longFrom.Length}" : null);

        var timeoutMs = spec.TimeoutMs ?? DefaultTimeoutMs;
        Check(timeoutMs is < 1 or > MaxTimeoutMs ? $"timeoutMs must be 1-{MaxTimeoutMs}, got {timeoutMs}" : null);
        var confirm = spec.ConfirmAfter ?? 1;
        Check(confirm is < 1 or > MaxConfirmAfter ? $"confirmAfter must be 1-{MaxConfirmAfter}, got {confirm}" : null);
        var remind = spec.RemindMinutes is null or 0 ? (int?)null : spec.RemindMinutes;
        Check(remind is < 1 or > 10_080 ? $"remindMinutes must be 0 (never) or 1-10080, got {remind}" : null);

        Check(spec.MinDaysLeft is not null && kind != WatchKind.Tls ? "minDaysLeft goes with a tls watch only" : null);
        var (interval, cron, zone) = Schedule(spec, options, minIntervalSeconds);
        var completed = spec with
        {
            Name = name, Group = group, Kind = kind, Expect = expect, From = from, TimeoutMs = timeoutMs, ConfirmAfter = confirm,
            RemindMinutes = remind, IntervalSeconds = interval, Cron = cron, TimeZone = zone, Paused = spec.Paused ?? false,
        };
        return kind switch
        {
            WatchKind.Tcp => Tcp(completed),
            WatchKind.Udp => Udp(completed),
            WatchKind.Path => Path(completed),
            WatchKind.Tls => Tls(completed),
            _ => Scan(completed, options),
        };
    }

    /// <summary>How a list names what a watch checks: "tcp db.internal:5432 expect open".</summary>
    public static string Describe(WatchSpec spec) => spec.Kind switch
    {
        WatchKind.Path => $"path {Wire(spec.Protocol ?? ListenerProtocol.Tcp)} to {spec.PathTo}:{spec.Port} expect {Wire(spec.Expect!.Value)}",
        WatchKind.Tls => $"tls {AuditHost(spec.Host)}:{spec.Port} expect valid for {spec.MinDaysLeft}+ days",
        WatchKind.Scan => $"scan {spec.Host} ports {spec.Ports} expect open {(spec.Baseline is { Count: > 0 } b ? string.Join(",", b) : "none")}",
        _ => $"{Wire(spec.Kind!.Value)} {AuditHost(spec.Host)}:{spec.Port} expect {Wire(spec.Expect!.Value)}",
    };

    public static string Wire<T>(T value) where T : struct, Enum => Components.Support.WireName.Of(value);

    private static string AuditHost(string? host) => host is not null && host.Contains(':') ? $"[{host}]" : host ?? "";

    private static (int? Interval, string? Cron, string? Zone) Schedule(WatchSpec spec, WatchOptions options, int minIntervalSeconds)
    {
        if (!string.IsNullOrWhiteSpace(spec.Cron))
        {
            Check(spec.IntervalSeconds is not null ? "give intervalSeconds or cron, not both" : null);
            var cron = spec.Cron.Trim();
            Check(cron.Length > 200 ? $"cron must be at most 200 characters, got {cron.Length}" : null);
            var quartz = QuartzCron(cron);
            Check(CronExpression.TryParse(quartz, out _) ? null
                : $"cron must be a Quartz cron expression (seconds minutes hours day-of-month month day-of-week) or five crontab fields, got '{Shorten(cron)}'");
            TimeZoneInfo zone;
            try
            {
                zone = string.IsNullOrWhiteSpace(spec.TimeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(spec.TimeZone.Trim());
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new InvalidRequestException($"timeZone must be an IANA time zone such as Europe/Berlin, got '{Shorten(spec.TimeZone!)}'");
            }

            var expression = new CronExpression(quartz, zone);
            var first = expression.GetNextValidTimeAfter(DateTimeOffset.UtcNow);
            var second = first is { } f ? expression.GetNextValidTimeAfter(f) : null;
            Check(first is null ? $"cron '{Shorten(cron)}' never fires" : null);
            Check(second is { } s && (s - first!.Value).TotalSeconds < minIntervalSeconds
                ? $"cron fires every {(s - first!.Value).TotalSeconds:0} s; the shortest interval you may set is {minIntervalSeconds} s" : null);
            return (null, quartz, zone.Id);
        }

        var interval = spec.IntervalSeconds ?? options.DefaultIntervalSeconds;
        Check(interval < minIntervalSeconds || interval > 86_400 * 7
            ? $"intervalSeconds must be {minIntervalSeconds}-{86_400 * 7} (the shortest you may set is {minIntervalSeconds}), got {interval}" : null);
        Check(!string.IsNullOrWhiteSpace(spec.TimeZone) ? "timeZone goes with cron only" : null);
        return (interval, null, null);
    }

    /// <summary>Five crontab fields become Quartz's six (seconds first; one of the two day fields '?'); six or seven stay.</summary>
    public static string QuartzCron(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return string.Join(' ', fields);
        }

        if (fields[4] == "*")
        {
            fields[4] = "?";
        }
        else if (fields[2] == "*")
        {
            fields[2] = "?";
        }

        return "0 " + string.Join(' ', fields);
    }

    private static WatchSpec Tcp(WatchSpec spec)
    {
        Target(spec);
        spec = spec with { Host = spec.Host!.Trim() };
        var payload = Payload(spec, required: false);
        Check(spec.Match is not null && spec.Expect != WatchExpectation.Open ? "match goes with expect open only" : null);
        Match(spec);
        return spec with { Encoding = payload is null ? null : spec.Encoding ?? PayloadEncoding.Text, MatchKind = spec.Match is null ? null : spec.MatchKind ?? WatchMatchKind.Text };
    }

    private static WatchSpec Udp(WatchSpec spec)
    {
        Target(spec);
        spec = spec with { Host = spec.Host!.Trim() };
        Payload(spec, required: false);
        Check(spec.Match is not null && spec.Expect != WatchExpectation.Reply ? "match goes with expect reply only" : null);
        Match(spec);
        return spec with { Payload = spec.Payload ?? "", Encoding = spec.Encoding ?? PayloadEncoding.Text, MatchKind = spec.Match is null ? null : spec.MatchKind ?? WatchMatchKind.Text };
    }

    private static WatchSpec Path(WatchSpec spec)
    {
        Check(spec.PathTo is null ? "pathTo is required for a path watch: the vantage point that listens (\"\" for this server, else an agent's name)" : null);
        Check(spec.Port is not { } port ? $"port is required: {PortNumber.Min}-{PortNumber.Max}" : PortNumber.Problem(port));
        Check(spec.Payload is not null || spec.Match is not null ? "payload and match do not go with a path watch (it sends its own bytes and checks they arrive intact)" : null);
        var to = spec.PathTo!.Trim();
        return spec with { PathTo = Vantage.VantagePoints.IsLocal(to) ? "" : to, Protocol = spec.Protocol ?? ListenerProtocol.Tcp, Host = string.IsNullOrWhiteSpace(spec.Host) ? null : spec.Host.Trim() };
    }

    private static WatchSpec Scan(WatchSpec spec, WatchOptions options)
    {
        Check(HostName.Problem(spec.Host));
        int[] ports;
        try
        {
            ports = PortSpec.Parse(spec.Ports);
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException($"ports: {e.Message}");
        }

        Check(ports.Length > options.MaxScanPorts ? $"ports: a scan watch scans at most {options.MaxScanPorts} ports (Watches:MaxScanPorts), got {ports.Length}" : null);
        var baseline = (spec.Baseline ?? []).Distinct().Order().ToList();
        Check(baseline.FirstOrDefault(p => !ports.Contains(p)) is var outside && outside != 0 ? $"baseline: port {outside} is not among the ports scanned" : null);
        return spec with { Host = spec.Host!.Trim(), Ports = spec.Ports!.Trim(), Baseline = baseline, Port = null };
    }

    /// <summary>The days a TLS watch wants left when it does not say: two weeks, time to renew.</summary>
    public const int DefaultMinDaysLeft = 14;

    private static WatchSpec Tls(WatchSpec spec)
    {
        Target(spec);
        Check(spec.Payload is not null || spec.Match is not null ? "payload and match do not go with a tls watch (it shakes hands and judges the certificate)" : null);
        var days = spec.MinDaysLeft ?? DefaultMinDaysLeft;
        Check(days is < 0 or > 3_650 ? $"minDaysLeft must be 0-3650, got {days}" : null);
        return spec with { Host = spec.Host!.Trim(), MinDaysLeft = days };
    }

    private static void Target(WatchSpec spec)
    {
        Check(HostName.Problem(spec.Host));
        Check(spec.Port is not { } port ? $"port is required: {PortNumber.Min}-{PortNumber.Max}" : PortNumber.Problem(port));
    }

    private static byte[]? Payload(WatchSpec spec, bool required)
    {
        if (spec.Payload is null)
        {
            Check(required ? "payload is required" : null);
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = PayloadCodec.Decode(spec.Payload, spec.Encoding ?? PayloadEncoding.Text);
        }
        catch (ArgumentException e)
        {
            throw new InvalidRequestException(e.Message);
        }

        Check(bytes.Length > MaxPayloadBytes ? $"payload must be at most {MaxPayloadBytes} bytes, got {bytes.Length}" : null);
        return bytes;
    }

    private static void Match(WatchSpec spec)
    {
        if (spec.Match is null)
        {
            return;
        }

        Check(spec.Match.Length is 0 or > MaxMatchLength ? $"match must be 1-{MaxMatchLength} characters, got {spec.Match.Length}" : null);
        Check(ReplyMatch.Problem(spec.Match, spec.MatchKind ?? WatchMatchKind.Text));
    }

    private static void Check(string? problem)
    {
        if (problem is not null)
        {
            throw new InvalidRequestException(problem);
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
