using System.Text.RegularExpressions;
using Dashboard.Sockets.Tls;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tests.Tls;

/// <summary>The lab's servers for one test class: a valid chain, expired, self-signed, missing intermediate, TLS 1.2 only.</summary>
public sealed class TlsServers : IAsyncLifetime
{
    public TlsLab Lab { get; } = new();

    public int Valid { get; private set; }

    public int Expired { get; private set; }

    public int SelfSigned { get; private set; }

    public int MissingIntermediate { get; private set; }

    public int Tls12 { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Valid = await Lab.ServeAsync("leaf", "inter", "-alpn", "h2,http/1.1");
        Expired = await Lab.ServeAsync("expired", "inter");
        SelfSigned = await Lab.ServeAsync("self", null);
        MissingIntermediate = await Lab.ServeAsync("leaf", null);
        Tls12 = await Lab.ServeAsync("leaf", "inter", "-tls1_2");
    }

    /// <summary>A checker that trusts the lab's root besides the system's store.</summary>
    public TlsChecker Checker(TlsOptions? options = null)
    {
        options ??= new TlsOptions();
        options.ExtraTrustedCaFiles = [Lab.RootPem];
        var wrapped = Options.Create(options);
        return new TlsChecker(wrapped, new TrustRoots(wrapped), TimeProvider.System, Engine.Budget);
    }

    /// <summary>What <c>openssl s_client</c> says of the same server, as the oracle.</summary>
    public Task<SClient> SClientAsync(int port, string? name, params string[] extra) => SClient.RunAsync(Lab, "127.0.0.1", port, name, extra);

    /// <summary>openssl x509's view of one PEM certificate: subject, issuer, dates, fingerprint, serial.</summary>
    public static async Task<string> X509Async(string pem)
    {
        var (_, output) = await TlsLab.OpenSslAsync(pem, "x509", "-noout", "-subject", "-issuer", "-nameopt", "RFC2253", "-fingerprint", "-sha256", "-serial",
            "-enddate", "-startdate", "-text");
        return output;
    }

    public ValueTask DisposeAsync()
    {
        Lab.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The parts of <c>openssl s_client</c>'s output the tests compare.</summary>
public sealed partial class SClient(string output)
{
    /// <summary><c>openssl s_client</c> at <paramref name="address"/>, trusting <paramref name="lab"/>'s root and checking <paramref name="name"/> (the address when null).</summary>
    public static async Task<SClient> RunAsync(TlsLab lab, string address, int port, string? name, params string[] extra)
    {
        List<string> arguments = ["s_client", "-connect", $"{address}:{port}", "-CAfile", lab.RootPem, "-showcerts", .. extra];
        arguments.AddRange(name is null ? ["-noservername", "-verify_ip", address] : ["-servername", name, "-verify_hostname", name]);
        var (_, output) = await TlsLab.OpenSslAsync("", [.. arguments]);
        return new SClient(output);
    }

    public string Output => output;

    public string? Protocol => Match(ProtocolLine());

    public string? Cipher => Match(CipherLine());

    public int? VerifyCode => Match(VerifyLine()) is { } code ? int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? Alpn => Match(AlpnLine());

    /// <summary>The certificates as the server sent them, PEM, in order.</summary>
    public IReadOnlyList<string> Certificates => [.. PemBlock().Matches(output).Select(m => m.Value)];

    private string? Match(Regex regex) => regex.Match(output) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"New, (\S+), Cipher is")]
    private static partial Regex ProtocolLine();

    [GeneratedRegex(@"Cipher is (\S+)")]
    private static partial Regex CipherLine();

    [GeneratedRegex(@"Verify return code: (\d+)")]
    private static partial Regex VerifyLine();

    [GeneratedRegex(@"ALPN protocol: (\S+)")]
    private static partial Regex AlpnLine();

    [GeneratedRegex(@"-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----")]
    private static partial Regex PemBlock();
}
