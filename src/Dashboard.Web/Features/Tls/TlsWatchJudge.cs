using System.Globalization;
using Dashboard.Contracts.Tls;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Components.Support;

namespace Dashboard.Web.Features.Tls;

/// <summary>A TLS watch's run: passes when the check is valid and every certificate has at least the days asked for left.</summary>
public static class TlsWatchJudge
{
    public static WatchOutcome Judge(TlsCheckResult result, int minDaysLeft, string from, string vantageName)
    {
        var rtt = result.HandshakeMs is { } handshake ? handshake + (result.ConnectMs ?? 0) : (double?)null;
        if (result.State != TlsState.Valid)
        {
            return new WatchOutcome(from, vantageName, false, WireName.Of(result.State), WatchOutcome.Clip(result.Message), rtt);
        }

        var soonest = result.Chain.MinBy(c => c.NotAfter)!;
        var until = soonest.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return soonest.DaysLeft >= minDaysLeft
            ? new WatchOutcome(from, vantageName, true, "valid", WatchOutcome.Clip($"valid, {soonest.DaysLeft} days left ({soonest.Subject} until {until})"), rtt)
            : new WatchOutcome(from, vantageName, false, "expiring",
                WatchOutcome.Clip($"{soonest.Subject} expires on {until}: {soonest.DaysLeft} days left, fewer than {minDaysLeft}"), rtt);
    }
}
