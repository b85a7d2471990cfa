using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Dashboard.Sockets.Discovery;

/// <summary>An IPv4 subnet this server is directly attached to over Ethernet, where ARP can tell who is there.</summary>
/// <param name="InterfaceName">The interface, as <c>ip link</c> names it.</param>
/// <param name="InterfaceIndex">Its index, for the packet socket.</param>
/// <param name="Mac">Its hardware address (6 bytes).</param>
/// <param name="Local">This server's address on the subnet.</param>
/// <param name="PrefixLength">The subnet's prefix length.</param>
internal sealed record LocalSubnet(string InterfaceName, int InterfaceIndex, byte[] Mac, IPAddress Local, int PrefixLength)
{
    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var mask = PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
        return (ToUInt32(address) & mask) == (ToUInt32(Local) & mask);
    }

    /// <summary>The Ethernet IPv4 subnets of this server's interfaces that are up (not loopback, which has no ARP).</summary>
    public static IReadOnlyList<LocalSubnet> All()
    {
        var subnets = new List<LocalSubnet>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            var mac = nic.GetPhysicalAddress().GetAddressBytes();
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown) || mac.Length != 6 ||
                nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            var properties = nic.GetIPProperties();
            var index = properties.GetIPv4Properties()?.Index;
            foreach (var unicast in properties.UnicastAddresses)
            {
                if (index is { } i && unicast.Address.AddressFamily == AddressFamily.InterNetwork && unicast.PrefixLength is > 0 and < 32)
                {
                    subnets.Add(new LocalSubnet(nic.Name, i, mac, unicast.Address, unicast.PrefixLength));
                }
            }
        }

        return subnets;
    }

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
