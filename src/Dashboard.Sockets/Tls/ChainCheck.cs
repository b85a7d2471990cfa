using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Dashboard.Contracts.Tls;

namespace Dashboard.Sockets.Tls;

/// <summary>
/// Judges a chain as presented against the trusted roots, in words: built only from what the server sent (no
/// fetching of missing issuers, no revocation lookups), so "incomplete" means the server left something out.
/// </summary>
public static class ChainCheck
{
    /// <summary>The main verdict (in <c>openssl verify</c>'s order: trust first, then validity) and every problem in words.</summary>
    public static (ChainVerdict Verdict, IReadOnlyList<string> Problems) Judge(IReadOnlyList<X509Certificate2> presented,
        X509Certificate2Collection roots, DateTimeOffset now)
    {
        var leaf = presented[0];
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        foreach (var sent in presented.Skip(1))
        {
            chain.ChainPolicy.ExtraStore.Add(sent);
        }

        if (chain.Build(leaf))
        {
            return (ChainVerdict.Valid, []);
        }

        var found = new List<(ChainVerdict Verdict, string Words)>();
        var elements = chain.ChainElements.Select(e => e.Certificate).ToList();
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var top = elements.Count > 0 ? elements[^1] : leaf;
        if (flags.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            // A leaf sent alone is missing its intermediate (openssl: 21); a chain that stops at a CA ends in an issuer not
            // trusted here, which servers are right not to send (openssl: 20).
            found.Add(elements.Count <= 1
                ? (ChainVerdict.Incomplete,
                    $"incomplete chain: the issuer of {CertificateFacts.Name(top.SubjectName)} ({CertificateFacts.Name(top.IssuerName)}) was not sent and is not trusted here")
                : (ChainVerdict.UntrustedRoot,
                    $"untrusted root: the issuer of {CertificateFacts.Name(top.SubjectName)} ({CertificateFacts.Name(top.IssuerName)}) is not trusted here"));
        }
        else if (flags.HasFlag(X509ChainStatusFlags.UntrustedRoot))
        {
            found.Add(elements.Count <= 1 && IsSelfIssued(leaf)
                ? (ChainVerdict.SelfSigned, $"self-signed: {CertificateFacts.Name(leaf.SubjectName)} is its own issuer and is not trusted here")
                : (ChainVerdict.UntrustedRoot, $"untrusted root: {CertificateFacts.Name(top.SubjectName)} is not trusted here"));
        }

        foreach (var element in chain.ChainElements)
        {
            if (element.ChainElementStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.NotTimeValid)))
            {
                var certificate = element.Certificate;
                found.Add(now.UtcDateTime > certificate.NotAfter.ToUniversalTime()
                    ? (ChainVerdict.Expired, $"certificate {CertificateFacts.Name(certificate.SubjectName)} has expired on {Day(certificate.NotAfter)}")
                    : (ChainVerdict.NotYetValid, $"certificate {CertificateFacts.Name(certificate.SubjectName)} is not valid before {Day(certificate.NotBefore)}"));
            }
        }

        const X509ChainStatusFlags Judged = X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.NotTimeValid
            | X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;
        foreach (var status in chain.ChainStatus.Where(s => (s.Status & ~Judged) != 0))
        {
            found.Add((ChainVerdict.Other, $"{status.Status}: {status.StatusInformation.Trim()}"));
        }

        if (found.Count == 0)
        {
            found.Add((ChainVerdict.Other, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))));
        }

        // Found in openssl verify's order (the chain's trust, then validity, then the rest): the first is the verdict.
        return (found[0].Verdict, [.. found.Select(f => f.Words)]);
    }

    private static bool IsSelfIssued(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static string Day(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
