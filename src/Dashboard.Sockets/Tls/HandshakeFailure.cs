namespace Dashboard.Sockets.Tls;

/// <summary>Why a handshake failed, in words, from the first bytes the server sent (a TLS alert names its reason).</summary>
public static class HandshakeFailure
{
    private static readonly Dictionary<byte, string> Alerts = new()
    {
        [10] = "unexpected_message", [20] = "bad_record_mac", [40] = "handshake_failure", [42] = "bad_certificate", [47] = "illegal_parameter",
        [50] = "decode_error", [51] = "decrypt_error", [70] = "protocol_version", [71] = "insufficient_security", [80] = "internal_error",
        [86] = "inappropriate_fallback", [109] = "missing_extension", [112] = "unrecognized_name", [116] = "certificate_required",
        [120] = "no_application_protocol",
    };

    /// <summary>The reason in words; <paramref name="firstBytes"/> are the first bytes the server sent on the TLS stream.</summary>
    public static string Explain(ReadOnlySpan<byte> firstBytes, Exception error)
    {
        if (firstBytes.IsEmpty && IsReset(error))
        {
            return "the server reset the connection (ECONNRESET) on the TLS ClientHello: no TLS on that port, or it refuses this client";
        }

        if (firstBytes.IsEmpty)
        {
            return "the server closed the connection without answering the TLS ClientHello: no TLS on that port, or nothing offered was acceptable to it";
        }

        if (firstBytes[0] == 0x15 && firstBytes.Length >= 7)
        {
            var description = firstBytes[6];
            var name = Alerts.GetValueOrDefault(description, $"alert {description}");
            return description switch
            {
                70 => "protocol mismatch: the server accepts none of the TLS versions offered (alert protocol_version)",
                40 or 71 => $"no cipher suite or parameters in common with the server (alert {name})",
                112 => "the server does not know the name sent as SNI (alert unrecognized_name)",
                120 => "the server speaks none of the application protocols offered in ALPN (alert no_application_protocol)",
                116 => "the server requires a client certificate (alert certificate_required)",
                _ => $"the server refused the handshake with alert {name}",
            };
        }

        if (CanStartTls(firstBytes[0]))
        {
            return $"the TLS handshake failed: {error.GetBaseException().Message}";
        }

        return NotTls(firstBytes);
    }

    /// <summary>Whether <paramref name="first"/> can begin a TLS server's answer (handshake, alert, change cipher spec, data).</summary>
    public static bool CanStartTls(byte first) => first is >= 0x14 and <= 0x17;

    private static string NotTls(ReadOnlySpan<byte> firstBytes)
    {
        var line = firstBytes[..Math.Min(firstBytes.Length, 48)];
        var end = line.IndexOfAny((byte)'\r', (byte)'\n');
        return $"no TLS on that port: the server answered with plain bytes ('{StartTlsDialogue.Printable(line[..(end < 0 ? line.Length : end)].ToArray())}')";
    }

    private static bool IsReset(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset })
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// A stream that keeps the first bytes read through it, to explain a failed handshake. With <paramref name="tlsExpected"/>,
/// a first answer that cannot begin a TLS record ends the read at once: a TLS client would otherwise wait for the five
/// bytes of a record header, and a server that said "ERR\n" would be waited on until the timeout.
/// </summary>
internal sealed class FirstBytesStream(Stream inner, bool tlsExpected = false) : Stream
{
    private readonly byte[] _first = new byte[64];
    private int _kept;

    public ReadOnlySpan<byte> First => _first.AsSpan(0, _kept);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Keep(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Keep(buffer.AsSpan(offset, read));
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Keep(ReadOnlySpan<byte> read)
    {
        if (tlsExpected && _kept == 0 && !read.IsEmpty && !HandshakeFailure.CanStartTls(read[0]))
        {
            read[..Math.Min(read.Length, _first.Length)].CopyTo(_first);
            _kept = Math.Min(read.Length, _first.Length);
            // Explained from the bytes kept (HandshakeFailure.Explain), so the message is only for a debugger.
            throw new IOException("the server's first bytes cannot begin a TLS record");
        }

        var room = Math.Min(read.Length, _first.Length - _kept);
        read[..room].CopyTo(_first.AsSpan(_kept));
        _kept += room;
    }
}
