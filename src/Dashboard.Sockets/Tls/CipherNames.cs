namespace Dashboard.Sockets.Tls;

/// <summary>
/// A cipher suite's IANA name (as .NET's <c>TlsCipherSuite</c> spells it) in OpenSSL's spelling, the one
/// <c>openssl s_client</c> and server configurations use. TLS 1.3 suites keep their IANA names in OpenSSL.
/// </summary>
public static class CipherNames
{
    private static readonly Dictionary<string, string> KeyExchanges = new(StringComparer.Ordinal)
    {
        ["ECDHE_RSA"] = "ECDHE-RSA-", ["ECDHE_ECDSA"] = "ECDHE-ECDSA-", ["DHE_RSA"] = "DHE-RSA-", ["DHE_DSS"] = "DHE-DSS-",
        ["RSA"] = "", ["ECDHE_PSK"] = "ECDHE-PSK-", ["PSK"] = "PSK-",
    };

    private static readonly Dictionary<string, string> Ciphers = new(StringComparer.Ordinal)
    {
        ["AES_128_GCM"] = "AES128-GCM", ["AES_256_GCM"] = "AES256-GCM", ["AES_128_CBC"] = "AES128", ["AES_256_CBC"] = "AES256",
        ["CHACHA20_POLY1305"] = "CHACHA20-POLY1305", ["AES_128_CCM"] = "AES128-CCM", ["AES_256_CCM"] = "AES256-CCM",
        ["AES_128_CCM_8"] = "AES128-CCM8", ["AES_256_CCM_8"] = "AES256-CCM8", ["3DES_EDE_CBC"] = "DES-CBC3",
        ["CAMELLIA_128_CBC"] = "CAMELLIA128", ["CAMELLIA_256_CBC"] = "CAMELLIA256", ["ARIA_128_GCM"] = "ARIA128-GCM", ["ARIA_256_GCM"] = "ARIA256-GCM", ["NULL"] = "NULL",
    };

    /// <summary>The OpenSSL name of <paramref name="iana"/>; the IANA name itself when it has no other.</summary>
    public static string ToOpenSsl(string iana)
    {
        const string With = "_WITH_";
        var at = iana.IndexOf(With, StringComparison.Ordinal);
        if (!iana.StartsWith("TLS_", StringComparison.Ordinal) || at < 0)
        {
            return iana;
        }

        var exchange = iana[4..at];
        var rest = iana[(at + With.Length)..];
        var mac = rest[(rest.LastIndexOf('_') + 1)..];
        var cipher = rest[..rest.LastIndexOf('_')];
        if (mac is not ("SHA" or "SHA256" or "SHA384" or "MD5"))
        {
            (cipher, mac) = (rest, "");
        }

        if (!KeyExchanges.TryGetValue(exchange, out var prefix) || !Ciphers.TryGetValue(cipher, out var body))
        {
            return iana;
        }

        // OpenSSL names an AEAD suite's PRF hash only for GCM (…-GCM-SHA384), a CBC suite's MAC always.
        var aead = cipher.Contains("CHACHA20", StringComparison.Ordinal) || cipher.Contains("CCM", StringComparison.Ordinal);
        // OpenSSL drops the RSA of ECDHE-RSA for ARIA (ECDHE-ARIA256-GCM-SHA384), and never writes the cipher of a NULL suite after the key exchange's "RSA".
        if (prefix == "ECDHE-RSA-" && body.StartsWith("ARIA", StringComparison.Ordinal))
        {
            prefix = "ECDHE-";
        }

        return aead || mac.Length == 0 ? prefix + body : $"{prefix}{body}-{mac}";
    }
}
