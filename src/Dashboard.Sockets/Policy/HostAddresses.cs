using System.Net;
using System.Net.NetworkInformation;

namespace Dashboard.Sockets.Policy;

/// <summary>
/// Every address of this host's own interfaces (loopback, each interface's IPv4 and IPv6 addresses), read again
/// when the copy is older than <see cref="MaxAge"/>: a connect to any of them reaches a service here that is bound
/// to 0.0.0.0 or ::, so the <c>strict</c> preset's <c>this-host</c> rule denies them all. An address added
/// to an interface is denied within <see cref="MaxAge"/>.
/// </summary>
public static class HostAddresses
{
    /// <summary>How long one reading of the interfaces is trusted: 1 s.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private static volatile Snapshot? _current;

    /// <summary>Whether <paramref name="address"/> (canonical: IPv4-mapped unwrapped, no zone) is one of this host's.</summary>
    public static bool Contains(IPAddress address) => Current().Addresses.Contains(address);

    /// <summary>This host's addresses now (at most <see cref="MaxAge"/> old).</summary>
    public static IReadOnlySet<IPAddress> All() => Current().Addresses;

    private static Snapshot Current()
    {
        var snapshot = _current;
        var now = Environment.TickCount64;
        if (snapshot is not null && now - snapshot.ReadAt < MaxAge.TotalMilliseconds)
        {
            return snapshot;
        }

        snapshot = new Snapshot(Read(), now);
        _current = snapshot;
        return snapshot;
    }

    private static HashSet<IPAddress> Read()
    {
        var addresses = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    addresses.Add(AddressForms.Canonical(unicast.Address));
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Unreadable interfaces leave loopback only: every other rule still holds.
        }

        return addresses;
    }

    private sealed record Snapshot(HashSet<IPAddress> Addresses, long ReadAt);
}
