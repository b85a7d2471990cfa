using System.Net;
using System.Net.Sockets;
using Dashboard.Web.Access;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Account;

/// <summary>
/// Failed sign-ins per client address: <see cref="AuthOptions.MaxFailedSignInsPerAddress"/> of them within
/// <see cref="AuthOptions.LockoutMinutes"/> and that address may not try again (from a browser it has not
/// signed in from) until the window ends. IPv6 clients count per /64, the block one host usually has.
/// In memory, per instance, at most <see cref="AuthOptions.MaxTrackedSignInSources"/> addresses.
/// </summary>
public sealed class SignInThrottle(IOptions<AuthOptions> auth, TimeProvider time)
{
    private readonly FailureWindows _failures = new(auth.Value.MaxFailedSignInsPerAddress, TimeSpan.FromMinutes(auth.Value.LockoutMinutes),
        auth.Value.MaxTrackedSignInSources, time);

    /// <summary>Addresses whose unexpired failure count was forgotten to stay within the bound.</summary>
    public long Evicted => _failures.Evicted;

    public bool IsThrottled(IPAddress? client, out TimeSpan retryAfter) => _failures.IsOver(Key(client), out retryAfter);

    public void Failed(IPAddress? client) => _failures.Fail(Key(client));

    private static string Key(IPAddress? client)
    {
        if (client is null)
        {
            return "unknown";
        }

        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        if (client.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return client.ToString();
        }

        var bytes = client.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
