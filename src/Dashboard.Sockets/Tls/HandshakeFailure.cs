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

        if (firstBytes[0] is 0x16 or 0x14 or 0x17)
        {
            return $"the TLS handshake failed: {error.GetBaseException().Message}";
        }

        var line = firstBytes[..Math.Min(firstBytes.Length, 48)];
        var end = line.IndexOfAny((byte)'\r', (byte)'\n');
        return $"no TLS on that port: the server answered with plain bytes ('{StartTlsDialogue.Printable(line[..(end < 0 ? line.Length : end)].ToArray())}')";
    }
}

/// <summary>A stream that keeps the first bytes read through it, to explain a failed handshake.</summary>
internal sealed class FirstBytesStream(Stream inner) : Stream
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
        var room = Math.Min(read.Length, _first.Length - _kept);
        read[..room].CopyTo(_first.AsSpan(_kept));
        _kept += room;
    }
}
