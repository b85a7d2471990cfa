using System.Net;
using System.Net.Sockets;

namespace Dashboard.Sockets.Targets;

/// <summary>Turns a host as typed into the addresses a socket can be aimed at.</summary>
public static class HostResolver
{
    /// <summary>
    /// Resolves <paramref name="host"/>: literals as they are, names through the OS resolver.
    /// Names under the special-use <c>invalid</c> domain never resolve and
    /// <c>*.localhost</c> is loopback (RFC 6761), without asking any DNS server.
    /// </summary>
    /// <exception cref="SocketException">The name did not resolve (<see cref="SocketError.HostNotFound"/>, ...).</exception>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var text = host.Trim();
        if (HostName.TryParseAddress(text, out var literal))
        {
            return [TargetSpec.Unmapped(literal)];
        }

        var name = text.TrimEnd('.').ToLowerInvariant();
        if (name == "invalid" || name.EndsWith(".invalid", StringComparison.Ordinal))
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (name.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        }

        var addresses = (await Dns.GetHostAddressesAsync(text, cancellationToken)).Select(TargetSpec.Unmapped).Distinct().ToArray();
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.NoData);
    }
}
