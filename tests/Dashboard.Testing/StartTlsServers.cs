using System.Globalization;
using System.Security.Cryptography;

namespace Dashboard.Tests.Support;

/// <summary>
/// Real servers from apt that speak STARTTLS (exim4 for SMTP, dovecot for IMAP and POP3, vsftpd for FTP) presenting the
/// TLS lab's leaf and intermediate, inside a network namespace of the test's own reached over a veth pair. Started and
/// stopped by <c>tests/starttls.sh</c>, whose guard stops them when this process is gone. Root only (CI runs as root).
/// </summary>
public sealed class StartTlsServers : IAsyncLifetime, IAsyncDisposable
{
    public const int Smtp = 25;
    public const int Imap = 143;
    public const int Pop3 = 110;
    public const int Ftp = 21;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"sd-starttls-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
    private VethNamespace? _namespace;
    private int _disposed;

    /// <summary>The certificates: the servers present <c>leaf</c> then <c>inter</c>; <see cref="TlsLab.RootPem"/> is their root.</summary>
    public TlsLab Lab { get; } = new();

    /// <summary>The servers' address inside the namespace.</summary>
    public string Address { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _namespace = new VethNamespace("stl");
        var subnet = VethNamespace.FreeSubnet24();
        _namespace.AddHostAddress($"{subnet}.1/24");
        _namespace.AddAddress($"{subnet}.2/24");
        Address = $"{subnet}.2";
        var chain = Lab.Path("chain");
        await File.WriteAllTextAsync(chain, await File.ReadAllTextAsync(Lab.Path("leaf")) + await File.ReadAllTextAsync(Lab.Path("inter")));
        var (code, _, error) = await Repository.RunScriptAsync("starttls.sh",
            ["start", _dir, _namespace.Name, Address, chain, Lab.Path("leaf.key"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture)],
            CancellationToken.None);
        if (code != 0)
        {
            await DisposeAsync();
            throw new InvalidOperationException($"tests/starttls.sh start failed ({code}): {error.Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Repository.RunScriptAsync("starttls.sh", ["stop", _dir], CancellationToken.None);
        _namespace?.Dispose();
        Lab.Dispose();
    }
}
