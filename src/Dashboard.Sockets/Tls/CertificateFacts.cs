using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dashboard.Contracts.Tls;

namespace Dashboard.Sockets.Tls;

/// <summary>A certificate's facts as a report shows them, spelled as OpenSSL prints them so the two read alike.</summary>
public static class CertificateFacts
{
    private static readonly Dictionary<string, string> AttributeNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN", ["2.5.4.6"] = "C", ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST", ["2.5.4.9"] = "street", ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU", ["2.5.4.5"] = "serialNumber", ["1.2.840.113549.1.9.1"] = "emailAddress", ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    private static readonly Dictionary<string, string> SignatureNames = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.5"] = "sha1WithRSAEncryption", ["1.2.840.113549.1.1.11"] = "sha256WithRSAEncryption",
        ["1.2.840.113549.1.1.12"] = "sha384WithRSAEncryption", ["1.2.840.113549.1.1.13"] = "sha512WithRSAEncryption",
        ["1.2.840.113549.1.1.10"] = "rsassaPss", ["1.2.840.10045.4.1"] = "ecdsa-with-SHA1", ["1.2.840.10045.4.3.2"] = "ecdsa-with-SHA256",
        ["1.2.840.10045.4.3.3"] = "ecdsa-with-SHA384", ["1.2.840.10045.4.3.4"] = "ecdsa-with-SHA512", ["1.3.101.112"] = "ED25519",
        ["1.3.101.113"] = "ED448",
    };

    /// <summary>What a report shows of <paramref name="certificate"/>, its days left counted from <paramref name="now"/>.</summary>
    public static TlsCertificate Of(X509Certificate2 certificate, DateTimeOffset now)
    {
        var (keyType, keyBits) = KeyOf(certificate);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        return new TlsCertificate(
            Name(certificate.SubjectName),
            SubjectAltNames(certificate),
            Name(certificate.IssuerName),
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            notAfter,
            (int)Math.Floor((notAfter - now).TotalDays),
            keyType,
            keyBits,
            SignatureNames.GetValueOrDefault(certificate.SignatureAlgorithm.Value ?? "", certificate.SignatureAlgorithm.FriendlyName ?? certificate.SignatureAlgorithm.Value ?? "unknown"),
            Fingerprint(certificate),
            SerialNumber(certificate),
            certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData));
    }

    /// <summary>A distinguished name as <c>openssl x509 -nameopt RFC2253</c> prints it: most specific first, commas between.</summary>
    public static string Name(X500DistinguishedName name)
    {
        var parts = new List<string>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                parts.Add(rdn.RawData.IsEmpty ? "" : new X500DistinguishedName(rdn.RawData.Span).Name);
                continue;
            }

            var oid = rdn.GetSingleElementType().Value ?? "";
            parts.Add($"{AttributeNames.GetValueOrDefault(oid, oid)}={Escape(rdn.GetSingleElementValue() ?? "")}");
        }

        return string.Join(',', parts);
    }

    /// <summary>The DNS names (<c>DNS:</c>) and addresses (<c>IP:</c>) of the subject alternative name extension, in order.</summary>
    public static IReadOnlyList<string> SubjectAltNames(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return [];
        }

        return [.. extension.EnumerateDnsNames().Select(n => "DNS:" + n), .. extension.EnumerateIPAddresses().Select(a => "IP:" + a)];
    }

    /// <summary>The SHA-256 fingerprint as <c>openssl x509 -fingerprint -sha256</c> prints it.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', SHA256.HashData(certificate.RawData).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    /// <summary>The serial number as <c>openssl x509 -serial</c> prints it: hex, without the sign byte DER adds.</summary>
    public static string SerialNumber(X509Certificate2 certificate)
    {
        var serial = certificate.SerialNumber.ToUpperInvariant();
        while (serial.Length > 2 && serial.StartsWith("00", StringComparison.Ordinal))
        {
            serial = serial[2..];
        }

        return serial;
    }

    private static (string Type, int Bits) KeyOf(X509Certificate2 certificate)
    {
        var oid = certificate.PublicKey.Oid.Value ?? "";
        try
        {
            switch (oid)
            {
                case "1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.10":
                    using (var rsa = certificate.GetRSAPublicKey())
                    {
                        return ("RSA", rsa?.KeySize ?? 0);
                    }

                case "1.2.840.10045.2.1":
                    using (var ec = certificate.GetECDsaPublicKey())
                    {
                        return ("EC", ec?.KeySize ?? 0);
                    }

                case "1.3.101.112":
                    return ("Ed25519", 256);
                case "1.3.101.113":
                    return ("Ed448", 456);
                case "1.2.840.10040.4.1":
                    using (var dsa = certificate.GetDSAPublicKey())
                    {
                        return ("DSA", dsa?.KeySize ?? 0);
                    }
            }
        }
        catch (CryptographicException)
        {
            // A key this platform cannot load is still named; its size stays unknown.
        }

        return (certificate.PublicKey.Oid.FriendlyName ?? oid, 0);
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' || (i == 0 && c is ' ' or '#') || (i == value.Length - 1 && c == ' '))
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
