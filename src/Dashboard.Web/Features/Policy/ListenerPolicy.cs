using System.Globalization;
using System.Net;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Policy;
using Dashboard.Sockets.Targets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Policy;

/// <summary>
/// Where users may open listeners: a port range (1024-65535 by default, even as root), the bind
/// networks, and on this server never one of the dashboard's own ports on any address (no squatting on
/// 127.0.0.2 or ::1 beside the real server). An agent's host is another machine, where the dashboard's
/// ports mean nothing: its owner's own policy (<c>--listen-ports</c>) governs its ports. How many, for how
/// long and how many connections stay with <see cref="ListenerOptions"/>, which the engine enforces.
/// </summary>
public sealed class ListenerPolicy(IOptions<PolicyOptions> options, IOptions<ListenerOptions> caps, IServiceProvider services)
{
    private readonly IReadOnlyList<IPNetwork> _bindNetworks = [.. (options.Value.Listeners.BindNetworks ?? "")
        .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => PolicyRuleText.Network(n, "Policy:Listeners:BindNetworks"))];

    private ListenerPolicyOptions Options => options.Value.Listeners;

    /// <summary>The ports Kestrel listens on, read from the server once it has started (none before).</summary>
    public IReadOnlyList<int> DashboardPorts()
    {
        var addresses = (services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).ToList();
        var ports = new SortedSet<int>();
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal),
                    UriKind.Absolute, out var uri) && uri.Port > 0)
            {
                ports.Add(uri.Port);
            }
        }

        return [.. ports];
    }

    /// <summary>
    /// Why <paramref name="request"/> may not be opened, or null; <paramref name="atThisServer"/> false for a listener at an
    /// agent, where the dashboard's own ports are not in the way.
    /// </summary>
    public string? Problem(ListenerRequest request, bool atThisServer)
    {
        var port = request.Port;
        if (port is < 0 or > PortNumber.Max)
        {
            return null; // Not a port at all: the engine says so, as invalid input.
        }

        if (port != 0 && (port < Options.MinPort || port > Options.MaxPort))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"port {port} is outside the listener ports this server allows: {Options.MinPort}-{Options.MaxPort} (Policy:Listeners:MinPort and MaxPort), or 0 for any free one");
        }

        if (atThisServer && port != 0 && DashboardPorts().Contains(port))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"port {port} is the dashboard's own port: listeners may not bind it on any address");
        }

        if (_bindNetworks.Count > 0)
        {
            var address = string.IsNullOrWhiteSpace(request.BindAddress) ? IPAddress.Loopback
                : HostName.TryParseAddress(request.BindAddress, out var parsed) ? parsed : null;
            if (address is not null && !AddressForms.Views(address).All(v => _bindNetworks.Any(n => n.BaseAddress.AddressFamily == v.AddressFamily && n.Contains(v))))
            {
                return $"bindAddress {address} is outside the networks listeners may bind in: {string.Join(", ", _bindNetworks)} (Policy:Listeners:BindNetworks)";
            }
        }

        return null;
    }

    public ListenerPolicyView View() =>
        new(Options.MinPort, Options.MaxPort, [.. _bindNetworks.Select(n => n.ToString())], DashboardPorts(), caps.Value.MaxTtlSeconds,
            caps.Value.MaxPerOwner, caps.Value.MaxListeners, caps.Value.MaxConnectionsPerListener);
}
