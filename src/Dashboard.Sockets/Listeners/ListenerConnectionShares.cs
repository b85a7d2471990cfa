using System.Globalization;
using Dashboard.Sockets.Budget;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// How many accepted TCP connections listeners may hold: per listener, per owner, and all together a part of the socket
/// budget (<see cref="ListenerOptions.ConnectionBudgetPercent"/>), so that whoever reaches a listener can never take the
/// sockets everyone's probes, UDP sends and scans need. A connection past a share is closed at once and counted.
/// </summary>
internal sealed class ListenerConnectionShares(ListenerOptions options, SocketBudget? budget)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perOwner = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>All listeners' connections together: the configured part of the budget, at least one (no budget, no cap of its own).</summary>
    public int Total => budget is null ? int.MaxValue : Math.Max(1, (int)((long)budget.Capacity * options.ConnectionBudgetPercent / 100));

    /// <summary>One owner's listeners' connections together.</summary>
    public int PerOwner => Math.Min(options.MaxConnectionsPerOwner, Total);

    /// <summary>One listener's connections.</summary>
    public int PerListener => Math.Min(options.MaxConnectionsPerListener, PerOwner);

    /// <summary>
    /// Takes a place for one more connection of <paramref name="owner"/>'s listener, whose count <paramref name="held"/> is (counted
    /// here, under the same lock, so accept loops on several threads never overshoot); null when taken (give it back with
    /// <see cref="Release"/>), else why not.
    /// </summary>
    public string? TryTake(string owner, ref int held)
    {
        lock (_gate)
        {
            var owned = _perOwner.GetValueOrDefault(owner);
            var full = held >= PerListener
                ? Said($"{PerListener:N0} connections are open, the most one listener keeps (Sockets:Listeners:MaxConnectionsPerListener, within the owner's share)")
                : owned >= PerOwner
                    ? Said($"{owner}'s listeners hold {owned:N0} connections, the most one owner's may (Sockets:Listeners:MaxConnectionsPerOwner, within the listeners' share)")
                    : _total >= Total
                        ? Said($"all listeners hold {_total:N0} connections, the {options.ConnectionBudgetPercent}% of the socket budget they may (Sockets:Listeners:ConnectionBudgetPercent)")
                        : null;
            if (full is null)
            {
                _perOwner[owner] = owned + 1;
                _total++;
                held++;
            }

            return full;
        }
    }

    public void Release(string owner, ref int held)
    {
        lock (_gate)
        {
            held--;
            _total--;
            if (_perOwner.TryGetValue(owner, out var owned) && owned > 1)
            {
                _perOwner[owner] = owned - 1;
            }
            else
            {
                _perOwner.Remove(owner);
            }
        }
    }

    private static string Said(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
