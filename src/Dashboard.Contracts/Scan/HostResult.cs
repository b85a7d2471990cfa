using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Scan;

/// <summary>
/// What host discovery found out about one address of a scan, or about a run of consecutive addresses that are down for
/// the same reason (<see cref="LastAddress"/> and <see cref="Count"/> set): a sweep's absent hosts cost one row per run,
/// not one per address, and the rows still name exactly which addresses are down.
/// </summary>
/// <param name="Host">The host as the request gave it (a name, or the address).</param>
/// <param name="Address">The address that was tried.</param>
/// <param name="State"><c>up</c> or <c>down</c>.</param>
/// <param name="Method">
/// What decided: <c>tcp-connect</c> (a connect completed), <c>tcp-refused</c> (a reset came back),
/// <c>icmp-echo</c> (an echo reply), <c>arp</c> (an ARP reply, or none), <c>no-route</c>,
/// <c>host-unreachable</c> (neighbour resolution failed), <c>no-response</c> (nothing answered in time),
/// <c>user-set</c> (discovery off: assumed up).
/// </param>
/// <param name="Detail">What exactly answered, as a person reads it (<c>port 443 refused</c>, <c>ping socket</c>, <c>raw socket</c>).</param>
/// <param name="RttMs">The round trip of the answer that proved the host up; null when down or assumed.</param>
/// <param name="Reason">One plain-language line on why the host is considered up or down.</param>
/// <param name="At">When the decision was made (UTC).</param>
/// <param name="LastAddress">For a run of down hosts: its last address (<see cref="Address"/> is its first); null for one host.</param>
/// <param name="Count">For a run of down hosts: how many addresses, every one from <see cref="Address"/> to <see cref="LastAddress"/>; null for one host.</param>
public sealed record HostResult(
    string Host,
    string Address,
    HostState State,
    string Method,
    string? Detail,
    double? RttMs,
    string Reason,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastAddress = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Count = null)
{
    /// <summary>Addresses this row decides: one, or the run's <see cref="Count"/> (not on the wire).</summary>
    [JsonIgnore]
    public int Addresses => Count is > 1 ? Count.Value : 1;

    /// <summary>The address, or the run as <c>first - last</c> (not on the wire).</summary>
    [JsonIgnore]
    public string AddressText => LastAddress is null ? Address : $"{Address} - {LastAddress}";

    /// <summary>Every address this row decides, from <see cref="Address"/> on (not on the wire).</summary>
    public IEnumerable<string> EachAddress()
    {
        if (LastAddress is null || !System.Net.IPAddress.TryParse(Address, out var first))
        {
            yield return Address;
            yield break;
        }

        var bytes = first.GetAddressBytes();
        for (var i = 0; i < Addresses; i++)
        {
            yield return new System.Net.IPAddress(bytes).ToString();
            for (var b = bytes.Length - 1; b >= 0 && ++bytes[b] == 0; b--)
            {
            }
        }
    }
}

/// <summary>Hosts decided so far, per state.</summary>
public sealed record HostCounts(long Up, long Down);
