using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Dashboard.Contracts.Tls;
using Dashboard.Sockets.Budget;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Targets;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tls;

/// <summary>
/// Connects, optionally speaks a protocol's STARTTLS, and shakes hands as a TLS client to report what the server
/// presents: the chain is captured as sent and judged, never trusted, so the handshake goes on whatever is wrong with it.
/// </summary>
public sealed class TlsChecker(IOptions<TlsOptions> options, TrustRoots trust, TimeProvider timeProvider, SocketBudget? budget = null)
{
    /// <summary>The most application protocols one check may offer.</summary>
    public const int MaxAlpn = 8;

    /// <exception cref="InvalidRequestException">The request breaks a rule; nothing was sent.</exception>
    public void Validate(TlsCheckRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("request is required: { host, port, sni?, starttls?, alpn?, timeoutMs? }");
        }

        var problem = HostName.Problem(request.Host) ?? PortNumber.Problem(request.Port)
            ?? Bounds.Problem("timeoutMs", request.TimeoutMs, options.Value.MaxTimeoutMs) ?? SniProblem(request.Sni) ?? AlpnProblem(request.Alpn);
        if (problem is not null)
        {
            throw new InvalidRequestException(problem);
        }
    }

    /// <summary>Checks <paramref name="request"/>; a failure of the target (refused, no TLS, a bad chain) is a result, not an exception.</summary>
    /// <exception cref="InvalidRequestException">The request breaks a rule; nothing was sent.</exception>
    /// <exception cref="RequestRefusedException">Limit reached: no socket of the budget came free.</exception>
    public async Task<TlsCheckResult> CheckAsync(TlsCheckRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var at = timeProvider.GetUtcNow();
        var host = request.Host.Trim();
        var sni = string.IsNullOrEmpty(request.Sni) ? null : request.Sni.Trim();
        var alpn = request.Alpn ?? TlsCheckRequest.DefaultAlpn;
        var report = new TlsReport(host, request.Port, sni, request.StartTls, alpn, at);
        IPAddress address;
        try
        {
            address = TargetSpec.Unmapped((await HostResolver.ResolveAsync(host, cancellationToken))[0]);
        }
        catch (SocketException e)
        {
            return report.Failed(null, TlsState.Error, $"the name did not resolve ({NativeError.Of(e.SocketErrorCode).Name})", null);
        }

        using var lease = budget is null ? null : await budget.LeaseAsync(SocketBudget.LeaseWait, cancellationToken) ?? throw budget.Spent("a TLS check");
        var timeoutMs = request.TimeoutMs ?? options.Value.DefaultTimeoutMs;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        Socket socket;
        try
        {
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
        {
            throw SocketBudget.NoDescriptor("a TLS check", e, budget);
        }

        using var owned = socket;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, request.Port), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return report.Failed(address, TlsState.Unreachable, $"the TCP connect did not finish within {timeoutMs} ms (filtered?)", socket);
        }
        catch (SocketException e)
        {
            var error = NativeError.From(e);
            return report.Failed(address, TlsState.Unreachable, $"the TCP connect failed: {error.Name} (errno {error.Code})", socket);
        }

        report.ConnectMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var stream = new FirstBytesStream(new NetworkStream(socket, ownsSocket: false), tlsExpected: request.StartTls is null);
        await using var streamOwner = stream;
        if (request.StartTls is { } protocol)
        {
            string? refused;
            try
            {
                refused = await StartTlsDialogue.UpgradeAsync(stream, protocol, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                refused = $"the server did not finish the {WireName(protocol)} STARTTLS exchange within {timeoutMs} ms";
            }
            catch (Exception e) when (e is IOException or InvalidDataException or SocketException)
            {
                refused = $"STARTTLS ({WireName(protocol)}) failed: {e.Message}";
            }

            if (refused is not null)
            {
                return report.Failed(address, TlsState.HandshakeFailed, refused, socket);
            }

            stream = new FirstBytesStream(new NetworkStream(socket, ownsSocket: false), tlsExpected: true);
        }

        return await HandshakeAsync(report, address, socket, stream, timeoutMs, timeout.Token, cancellationToken);
    }

    private async Task<TlsCheckResult> HandshakeAsync(TlsReport report, IPAddress address, Socket socket, FirstBytesStream stream, int timeoutMs,
        CancellationToken timeoutToken, CancellationToken cancellationToken)
    {
        List<X509Certificate2> presented = [];
        await using var tls = new SslStream(stream, leaveInnerStreamOpen: true);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = report.Sni ?? "",
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = report.AlpnOffered.Count == 0 ? null : [.. report.AlpnOffered.Select(p => new SslApplicationProtocol(p))],
            // Report, never trust: capture the chain as sent and let the handshake go on whatever is wrong with it. No data
            // but the handshake crosses this connection, and the chain is judged on its own (ChainCheck) for the report.
#pragma warning disable CA5359
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                presented = AsPresented(certificate, chain);
                return true;
            },
#pragma warning restore CA5359
        };

        var started = Stopwatch.GetTimestamp();
        try
        {
            await tls.AuthenticateAsClientAsync(authentication, timeoutToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return report.Failed(address, TlsState.HandshakeFailed, stream.First.IsEmpty
                ? $"the server accepted the connection but answered nothing to the TLS ClientHello within {timeoutMs} ms: no TLS on that port?"
                : $"the TLS handshake did not finish within {timeoutMs} ms", socket);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
        {
            return report.Failed(address, TlsState.HandshakeFailed, HandshakeFailure.Explain(stream.First, e), socket);
        }

        report.HandshakeMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var alpn = tls.NegotiatedApplicationProtocol;
        var suite = tls.NegotiatedCipherSuite.ToString();
        return report.Succeeded(address, socket, ProtocolName(tls.SslProtocol), suite, CipherNames.ToOpenSsl(suite),
            alpn.Protocol.IsEmpty ? null : alpn.ToString(), presented, trust.Roots, options.Value.MaxChainCertificates);
    }

    // The leaf first, then what the server sent besides it, in its order (.NET puts the peer's chain in the ExtraStore).
    private static List<X509Certificate2> AsPresented(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            return [];
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        List<X509Certificate2> all = [new X509Certificate2(leaf)];
        foreach (var sent in chain?.ChainPolicy.ExtraStore ?? [])
        {
            if (!sent.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            {
                all.Add(new X509Certificate2(sent));
            }
        }

        return all;
    }

    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
#pragma warning disable SYSLIB0039, CA5397 // Named, not offered: an old server's answer is still reported.
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1",
#pragma warning restore SYSLIB0039, CA5397
        _ => protocol.ToString(),
    };

    private static string WireName(StartTlsProtocol protocol) => protocol.ToString().ToUpperInvariant();

    private static string? SniProblem(string? sni)
    {
        if (string.IsNullOrEmpty(sni))
        {
            return null;
        }

        return HostName.TryParseAddress(sni, out _)
            ? $"sni must be a DNS name (TLS sends no address as a server name), got '{sni}'"
            : HostName.Problem(sni) is { } problem ? $"sni: {problem}" : null;
    }

    private static string? AlpnProblem(IReadOnlyList<string>? alpn)
    {
        if (alpn is null)
        {
            return null;
        }

        if (alpn.Count > MaxAlpn)
        {
            return $"alpn may offer at most {MaxAlpn} protocols, got {alpn.Count}";
        }

        return alpn.FirstOrDefault(p => string.IsNullOrWhiteSpace(p) || p.Length > 255 || p.Any(c => c is < '!' or > '~')) is { } bad
            ? $"alpn entries must be 1-255 printable ASCII characters without spaces (h2, http/1.1), got '{bad}'"
            : null;
    }
}
