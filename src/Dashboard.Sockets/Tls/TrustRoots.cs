using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tls;

/// <summary>The roots a chain is judged against: the system's store and <see cref="TlsOptions.ExtraTrustedCaFiles"/>, read once.</summary>
public sealed class TrustRoots(IOptions<TlsOptions> options)
{
    private readonly Lazy<X509Certificate2Collection> _roots = new(() => Load(options.Value.ExtraTrustedCaFiles));

    public X509Certificate2Collection Roots => _roots.Value;

    private static X509Certificate2Collection Load(IEnumerable<string> extraFiles)
    {
        var roots = new X509Certificate2Collection();
        using (var system = new X509Store(StoreName.Root, StoreLocation.LocalMachine))
        {
            system.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            roots.AddRange(system.Certificates);
        }

        foreach (var file in extraFiles)
        {
            // A configured file that cannot be read stops the check with the file named, not a silent "untrusted".
            var extra = new X509Certificate2Collection();
            extra.ImportFromPemFile(file);
            roots.AddRange(extra);
        }

        return roots;
    }
}
