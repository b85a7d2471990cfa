using System.Net;
using System.Net.Sockets;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Policy;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// A channel is no way around the target policy: its destination's name is resolved here, the address is checked as a
/// probe's would be (feature <c>notify</c>) for the channel's creator, and the connection is made to that checked
/// address only, never to a second lookup's.
/// </summary>
public sealed class DestinationCheck(PolicyService policy, IOptions<NotificationOptions> options)
{
    public const string Feature = "notify";

    /// <summary>The address to connect to for <paramref name="host"/>:<paramref name="port"/>, checked for <paramref name="actor"/>.</summary>
    /// <exception cref="DestinationRefusedException">It did not resolve, or the address is denied (the rule's words).</exception>
    public async Task<IPAddress> CheckAsync(Actor actor, string host, int port, CancellationToken cancellationToken)
    {
        var address = await ResolveAsync(host, cancellationToken);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (NeverSentTo(address) is { } why)
        {
            throw new DestinationRefusedException($"{address} is {why}: notifications are never sent there");
        }

        var decision = await policy.DecideAsync(actor, address, port, Feature, cancellationToken);
        return decision.Allowed ? address : throw new DestinationRefusedException(decision.Message);
    }

    /// <summary>Link-local neighbours and cloud metadata services, whatever the policy's preset.</summary>
    public static string? NeverSentTo(IPAddress address)
    {
        if (address.IsIPv6LinkLocal)
        {
            return "link-local";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            if (bytes[0] == 169 && bytes[1] == 254)
            {
                return bytes[2] == 169 && bytes[3] == 254 ? "a cloud metadata address" : "link-local";
            }

            if (address.Equals(IPAddress.Parse("100.100.100.200")) || address.Equals(IPAddress.Parse("168.63.129.16")))
            {
                return "a cloud metadata address";
            }
        }

        return address.Equals(IPAddress.Parse("fd00:ec2::254")) ? "a cloud metadata address" : null;
    }

    private async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.Trim().TrimStart('[').TrimEnd(']');
        if (IPAddress.TryParse(name, out var literal))
        {
            return literal;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ResolveTimeoutMs);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(name, timeout.Token);
            return addresses.Length > 0 ? addresses[0] : throw new DestinationRefusedException($"{name} resolved to no address");
        }
        catch (SocketException e)
        {
            throw new DestinationRefusedException($"{name} did not resolve: {e.SocketErrorCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DestinationRefusedException($"{name} did not resolve within {options.Value.ResolveTimeoutMs} ms");
        }
    }
}

/// <summary>A destination that did not resolve or that the policy denies: nothing was sent, and retrying will not help.</summary>
public sealed class DestinationRefusedException : IOException
{
    public DestinationRefusedException()
    {
    }

    public DestinationRefusedException(string message) : base(message)
    {
    }

    public DestinationRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
