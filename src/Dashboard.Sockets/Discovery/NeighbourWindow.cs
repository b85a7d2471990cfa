using System.Globalization;

namespace Dashboard.Sockets.Discovery;

/// <summary>
/// How many hosts discovery may ask by connect at once without overflowing the kernel's neighbour table: each absent host of a
/// local subnet holds an entry for the ~3 s its resolution takes, and once the table reaches <c>gc_thresh3</c> the kernel drops
/// new resolutions (of live hosts too, which then look absent). The window is the table's free entries (its limit less those
/// present now) less a margin for the rest of the host's traffic.
/// </summary>
internal static class NeighbourWindow
{
    /// <summary>The fewest hosts asked at once, even when the table looks full: discovery still moves, slowly.</summary>
    public const int Smallest = 8;

    private const int SmallestMargin = 64;

    /// <summary>
    /// Hosts at once for a table of <paramref name="limit"/> entries (<c>gc_thresh3</c>) holding <paramref name="present"/> now:
    /// the free entries less a margin of an eighth of the table (at least 64), between <see cref="Smallest"/> and
    /// <paramref name="most"/>.
    /// </summary>
    public static int Size(int limit, int present, int most)
    {
        var margin = Math.Max(SmallestMargin, limit / 8);
        var free = (long)limit - Math.Max(0, present) - margin;
        return (int)Math.Clamp(free, Math.Min(Smallest, most), most);
    }

    /// <summary>The window from this machine's tables (IPv4's, and IPv6's too when <paramref name="ipv6"/>); the kernel's defaults where they cannot be read.</summary>
    public static int Read(bool ipv6, int most)
    {
        var window = Size(ReadNumber("/proc/sys/net/ipv4/neigh/default/gc_thresh3") ?? 1_024, CountEntries("/proc/net/arp"), most);
        return ipv6 ? Math.Min(window, Size(ReadNumber("/proc/sys/net/ipv6/neigh/default/gc_thresh3") ?? 1_024, 0, most)) : window;
    }

    private static int? ReadNumber(string path)
    {
        try
        {
            return OperatingSystem.IsLinux() && int.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // /proc/net/arp: a header line, then one line per IPv4 neighbour entry of this network namespace.
    private static int CountEntries(string path)
    {
        try
        {
            return OperatingSystem.IsLinux() ? Math.Max(0, File.ReadLines(path).Count() - 1) : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
