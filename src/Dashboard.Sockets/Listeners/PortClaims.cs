using System.Net;
using System.Net.Sockets;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// One listener per protocol, address and port, as the kernel has it for sockets that do not set <c>SO_REUSEPORT</c>: a
/// wildcard address (<c>0.0.0.0</c>; <c>::</c>, dual-stack, also every IPv4 address) holds the port on every address it
/// covers. Two listeners sharing a port would have the kernel split the connections between them, so that the person
/// watching one silently misses what the other receives.
/// </summary>
internal static class PortClaims
{
    /// <summary>Whether open listener <paramref name="held"/> holds the port that <paramref name="plan"/> asks for.</summary>
    /// A Unix listener claims its path, of either type: a second bind there would fail, and would be told only as <c>EADDRINUSE</c>.
    public static bool Overlap(RunningListener held, ListenerPlan plan) =>
        plan.IsUnix ? held.Plan.IsUnix && SamePath(held, plan)
        : held.Plan.Protocol == plan.Protocol && held.Bound.Port == plan.Bind.Port && Overlap(held.Bound.Address, plan.Bind.Address);

    // The held path is the resolved one; the asked one as written (a link to the same directory is caught by bind's EADDRINUSE).
    private static bool SamePath(RunningListener held, ListenerPlan plan) =>
        string.Equals(held.LocalEndPoint, plan.Path, StringComparison.Ordinal) || string.Equals(held.Plan.Path, plan.Path, StringComparison.Ordinal);

    /// <summary>Whether two bound addresses cover a common address (listeners bind <c>::</c> dual-stack).</summary>
    public static bool Overlap(IPAddress a, IPAddress b)
    {
        a = a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
        b = b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b;
        return a.Equals(b) || a.Equals(IPAddress.IPv6Any) || b.Equals(IPAddress.IPv6Any) ||
               (a.AddressFamily == b.AddressFamily && (a.Equals(IPAddress.Any) || b.Equals(IPAddress.Any)));
    }

    /// <summary>The conflict's sentence: which listener holds the port, and the rule.</summary>
    public static string Refusal(ListenerPlan plan, RunningListener holder) => plan.IsUnix
        ? $"path {plan.Path} is already bound by listener {holder.Id} ({holder.Owner}'s {Wire(holder.Plan.Protocol)}://{holder.LocalEndPoint}): one listener per path; close it or pick another path"
        : $"port {plan.Bind.Port} is already in use on {plan.Bind.Address} by listener {holder.Id} " +
        $"({holder.Owner}'s {holder.Plan.Protocol.ToString().ToLowerInvariant()}://{holder.LocalEndPoint}): one listener per protocol, address and port, " +
        "and 0.0.0.0 or :: holds the port on every address; close it or pick another port";

    private static string Wire(Contracts.Listeners.ListenerProtocol protocol) =>
        protocol == Contracts.Listeners.ListenerProtocol.UnixDatagram ? "unixgram" : protocol.ToString().ToLowerInvariant();

    /// <summary>
    /// Lets a TCP listener rebind a port whose old connections sit in <c>TIME_WAIT</c>, with <c>SO_REUSEADDR</c> alone.
    /// Not <see cref="SocketOptionName.ReuseAddress"/>: on Linux and macOS .NET sets <c>SO_REUSEPORT</c> with it, which lets
    /// any other socket asking the same share a port someone listens on. Windows has no TIME_WAIT problem to solve here
    /// (and its SO_REUSEADDR means sharing), so nothing is set there.
    /// </summary>
    public static void AllowTimeWaitRebind(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            const int SolSocket = 1, SoReuseAddr = 2;
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            const int SolSocket = 0xffff, SoReuseAddr = 0x4;
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
    }
}
