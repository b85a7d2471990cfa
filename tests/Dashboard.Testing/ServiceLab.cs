using System.Globalization;
using System.Security.Cryptography;

namespace Dashboard.Tests.Support;

/// <summary>
/// Real servers from apt (sshd, lighttpd, exim4, redis-server, PostgreSQL) and a listener that never speaks, inside a
/// network namespace of the test's own, reached over a veth pair: what service identification is compared with
/// <c>nmap -sV</c> on. Started and stopped by <c>tests/services.sh</c>, whose guard stops them when this process is gone.
/// Root only (CI runs as root).
/// </summary>
public sealed class ServiceLab : IAsyncLifetime, IAsyncDisposable
{
    public const int Ssh = 2222;
    public const int Http = 8081;
    public const int Smtp = 2525;
    public const int Redis = 6390;
    public const int Postgres = 5439;

    /// <summary>Accepts and never says a word.</summary>
    public const int Silent = 7777;

    /// <summary>Nothing listens there: the namespace's kernel answers RST.</summary>
    public const int Closed = 7778;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"sd-services-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
    private VethNamespace? _namespace;

    /// <summary>The servers' address inside the namespace.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The namespace (its veth peer is reached from this process's namespace).</summary>
    public VethNamespace Namespace => _namespace ?? throw new InvalidOperationException("the service lab did not start");

    /// <summary>Every port a server answers on.</summary>
    public static IReadOnlyList<int> Servers { get; } = [Ssh, Http, Smtp, Redis, Postgres];

    /// <summary>The same servers in a namespace someone else made (an agent's), on <paramref name="address"/> there; disposing stops only the servers.</summary>
    public static async Task<ServiceLab> StartInAsync(string ns, string address)
    {
        var lab = new ServiceLab { Address = address };
        await lab.StartAsync(ns);
        return lab;
    }

    public async ValueTask InitializeAsync()
    {
        _namespace = new VethNamespace("svc");
        var subnet = VethNamespace.FreeSubnet24();
        _namespace.AddHostAddress($"{subnet}.1/24");
        _namespace.AddAddress($"{subnet}.2/24");
        Address = $"{subnet}.2";
        await StartAsync(_namespace.Name);
    }

    private async Task StartAsync(string ns)
    {
        var (code, _, error) = await Repository.RunScriptAsync("services.sh",
            ["start", _dir, ns, Address, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)], CancellationToken.None);
        if (code != 0)
        {
            await DisposeAsync();
            throw new InvalidOperationException($"tests/services.sh start failed ({code}): {error.Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Repository.RunScriptAsync("services.sh", ["stop", _dir], CancellationToken.None);
        _namespace?.Dispose();
    }
}
