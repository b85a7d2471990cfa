using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dashboard.Contracts.Identify;
using Dashboard.Sockets.Errors;

namespace Dashboard.Sockets.Identify;

/// <summary>What one identification has seen so far, and how it reads as a result.</summary>
internal sealed class IdentifyRun(string host, int port, DateTimeOffset at, int keptBytes)
{
    public const string Banner = "banner";

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<IdentifyAttempt> _tried = [];
    private (string Probe, byte[] Answer, ServiceMatch Match)? _best;
    private (string Probe, byte[] Answer)? _firstAnswer;

    /// <summary>The whole identification's time ran out before every probe was tried.</summary>
    public bool TimedOut { get; set; }

    public void Tried(string probe, int received, long since, string outcome) =>
        _tried.Add(new IdentifyAttempt(probe, received, Math.Round(Stopwatch.GetElapsedTime(since).TotalMilliseconds, 3), outcome));

    public void Heard(string probe, byte[] answer, ServiceMatch? match)
    {
        if (answer.Length > 0)
        {
            _firstAnswer ??= (probe, answer);
        }

        if (match is not null && (_best is null || (match.Confidence > _best.Value.Match.Confidence)))
        {
            _best = (probe, answer, match);
        }
    }

    public IdentifyResult Failed(IPAddress? address, NativeError error, string message) =>
        Result(address, IdentifyState.Error, null, null, error, message, null);

    /// <summary>The connect itself failed: closed, filtered or an error.</summary>
    public IdentifyResult Unreached(IPAddress address, IdentifyState state, NativeError error, string message) =>
        Result(address, state, null, null, error, message, null);

    /// <summary>The result from what was heard; <paramref name="timeoutMs"/> when the run is over for good (not cut short by a sure match).</summary>
    public IdentifyResult Finish(IPAddress address, int? timeoutMs)
    {
        var probes = string.Join(", ", _tried.Select(t => t.Probe).Where(p => p != Banner && !p.EndsWith('+')).Distinct());
        var cut = TimedOut ? $"; the {timeoutMs} ms allowed ran out before every probe was tried" : "";
        if (_best is { } best)
        {
            var m = best.Match;
            var what = string.Join(' ', new[] { m.Product, m.Version }.Where(s => s is not null));
            var how = best.Probe == Banner ? "it spoke first" : $"it answered the {best.Probe} probe";
            return Result(address, IdentifyState.Identified, best.Match, best.Probe, NativeError.Ok,
                $"{m.Service}{(what.Length > 0 ? $" ({what})" : "")}: {how}", best.Answer);
        }

        if (_firstAnswer is { } heard)
        {
            return Result(address, IdentifyState.Unrecognized, null, heard.Probe, NativeError.Ok,
                $"it answered ({heard.Answer.Length} bytes to {(heard.Probe == Banner ? "the banner wait" : $"the {heard.Probe} probe")}), but with nothing recognised{cut}", heard.Answer);
        }

        if (_tried.Count > 1 && _tried.All(t => t.Outcome == "closed"))
        {
            // nmap's name for a port that accepts and closes at once, whatever is sent (a TCP wrapper, an allow-list).
            var wrapped = new ServiceMatch("tcpwrapped", null, null, "closes every connection without a word", Contracts.Identify.IdentifyConfidence.Medium);
            return Result(address, IdentifyState.Identified, wrapped, Banner, NativeError.Ok,
                "tcpwrapped: it accepts the connection and closes it at once, whatever is sent", null);
        }

        var wait = _tried.FirstOrDefault()?.Ms ?? 0;
        return Result(address, IdentifyState.Silent, null, null, NativeError.Ok,
            string.Create(CultureInfo.InvariantCulture,
                $"open, but it said nothing: not first (waited {wait:0} ms), nor to the probes ({(probes.Length > 0 ? probes : "none sent")}){cut}"),
            null);
    }

    private IdentifyResult Result(IPAddress? address, IdentifyState state, ServiceMatch? match, string? learnedBy, NativeError error, string message, byte[]? answer) =>
        new(host, address?.ToString(), port, state, match?.Service, match?.Product, match?.Version, match?.Info, learnedBy,
            match?.Confidence ?? IdentifyConfidence.None, Targets.ServiceNames.Of(port), error.Code, error.Name, message,
            answer is null ? null : SeenBytesFormat.Of(answer, keptBytes), [.. _tried],
            Math.Round(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, 3), at);
}
