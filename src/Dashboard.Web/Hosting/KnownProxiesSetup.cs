using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Believes <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> from loopback (the framework's
/// default: a proxy on the same machine) and from <see cref="SecurityOptions.KnownProxies"/>; from
/// anyone else they are ignored. With them the actor's client address is the browser's, and a
/// TLS-terminating proxy makes the request https: cookies get Secure, the origin check compares https.
/// </summary>
internal sealed class KnownProxiesSetup(IOptions<SecurityOptions> security) : IConfigureOptions<ForwardedHeadersOptions>
{
    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var proxy in security.Value.KnownProxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
            }
        }
    }
}
