using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dashboard.Tests.Support;

/// <summary>
/// Certificates the test makes (a root CA, an intermediate, leaves valid, expired and self-signed) written as PEM files
/// in a folder of its own, and <c>openssl s_server</c>s on loopback presenting them: the TLS servers the checks are
/// compared on. Each server is stopped on dispose, and by <c>tests/outlive-guard.sh</c> if this process dies first.
/// </summary>
public sealed class TlsLab : IDisposable
{
    private readonly List<Process> _servers = [];

    public TlsLab()
    {
        Dir = Directory.CreateTempSubdirectory("sd-tls-").FullName;
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Authority("CN=Lab Root CA,O=Socket Dashboard Tests", rootKey, null, null, now.AddDays(-10), now.AddYears(5));
        using var interKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var inter = Authority("CN=Lab Intermediate CA,O=Socket Dashboard Tests", interKey, root, rootKey, now.AddDays(-5), now.AddYears(2));
        Write("root", root, rootKey);
        Write("inter", inter, interKey);
        Write("leaf", Leaf("www.test", ["www.test", "*.apps.test"], inter, interKey, now.AddDays(-1), now.AddDays(90)));
        Write("expired", Leaf("old.test", ["old.test"], inter, interKey, now.AddDays(-60), now.AddDays(-2)));
        Write("self", Leaf("self.test", ["self.test"], null, null, now.AddDays(-1), now.AddDays(30)));
    }

    /// <summary>The folder with every <c>NAME.pem</c> and <c>NAME.key</c>.</summary>
    public string Dir { get; }

    /// <summary>The root CA's certificate: what a check trusts besides the system's store.</summary>
    public string RootPem => Path("root");

    /// <summary><c>DIR/NAME.pem</c>.</summary>
    public string Path(string name) => System.IO.Path.Combine(Dir, name.EndsWith(".pem", StringComparison.Ordinal) || name.EndsWith(".key", StringComparison.Ordinal) ? name : name + ".pem");

    /// <summary>
    /// Starts <c>openssl s_server</c> on a free loopback port presenting <c>LEAF.pem</c> (with <c>LEAF.key</c>) and, when
    /// <paramref name="chain"/> is given, that certificate after it; <paramref name="extra"/> are further s_server options.
    /// </summary>
    public Task<int> ServeAsync(string leaf, string? chain, params string[] extra) => ServeInAsync(null, leaf, chain, extra);

    /// <summary>As <see cref="ServeAsync"/>, on the loopback of network namespace <paramref name="ns"/> (this one's when null).</summary>
    public async Task<int> ServeInAsync(string? ns, string leaf, string? chain, params string[] extra)
    {
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        List<string> arguments = ["s_server", "-accept", $"127.0.0.1:{port}", "-cert", Path(leaf), "-key", Path(leaf + ".key"), "-quiet", "-naccept", "1000"];
        if (chain is not null)
        {
            arguments.AddRange(["-cert_chain", Path(chain)]);
        }

        var server = ns is null ? Start("openssl", [.. arguments, .. extra]) : Start("ip", ["netns", "exec", ns, "openssl", .. arguments, .. extra]);
        _servers.Add(server);
        Start("setsid", [System.IO.Path.Combine(Repository.Root, "tests", "outlive-guard.sh"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "--",
            "kill", server.Id.ToString(CultureInfo.InvariantCulture)]).Dispose();
        if (ns is null)
        {
            await Task.Run(() => WaitForPort(port, TimeSpan.FromSeconds(10)));
        }
        else
        {
            NetworkNamespaces.Inside(ns, () => WaitForPort(port, TimeSpan.FromSeconds(10)));
        }
        return port;
    }

    /// <summary>Runs openssl to its end with <paramref name="input"/> on its standard input: exit code and standard output plus error.</summary>
    public static async Task<(int Code, string Output)> OpenSslAsync(string input, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            try
            {
                server.Kill();
                server.WaitForExit(5_000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            server.Dispose();
        }

        Directory.Delete(Dir, recursive: true);
    }

    private static Process Start(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardInput = true, RedirectStandardOutput = false, RedirectStandardError = false };
        return Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
    }

    private static X509Certificate2 Authority(string subject, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey, DateTimeOffset from, DateTimeOffset to)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey!), from, to, Serial());
        return signed.CopyWithPrivateKey(key);
    }

    // An RSA leaf (the intermediates are EC), so both key types are reported.
    private static (X509Certificate2 Certificate, RSA Key) Leaf(string cn, string[] names, X509Certificate2? issuer, ECDsa? issuerKey,
        DateTimeOffset from, DateTimeOffset to)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={cn},O=Socket Dashboard Tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        if (issuer is null)
        {
            return (request.CreateSelfSigned(from, to), key);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return (request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey!), from, to, Serial()), key);
    }

    private void Write(string name, X509Certificate2 certificate, ECDsa key)
    {
        File.WriteAllText(Path(name), certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(Path(name + ".key"), key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    private void Write(string name, (X509Certificate2 Certificate, RSA Key) leaf)
    {
        using (leaf.Certificate)
        using (leaf.Key)
        {
            File.WriteAllText(Path(name), leaf.Certificate.ExportCertificatePem() + "\n");
            File.WriteAllText(Path(name + ".key"), leaf.Key.ExportPkcs8PrivateKeyPem() + "\n");
        }
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        return serial;
    }

    // Blocking, so it can run on a thread that entered a namespace (NetworkNamespaces.Inside).
    private static bool WaitForPort(int port, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}
