using System.IO.Compression;
using System.Text;
using Dashboard.Contracts.Probe;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// A batch of scan results as one compressed blob. Every text field is an index into the chunk's own
/// table of strings (a scan repeats its host, address, code names and messages thousands of times), numbers
/// are variable-length, times are steps in ticks from the result before; the whole is deflated. Each chunk decodes
/// on its own, so the chunks written before a crash are readable without those after.
/// </summary>
public static class ScanChunkCodec
{
    private const byte Version = 2;

    public static byte[] Encode(IReadOnlyList<ProbeResult> results, DateTimeOffset origin)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = new List<string>();
        var records = new MemoryStream(results.Count * 16);
        using (var w = new BinaryWriter(records, Encoding.UTF8, leaveOpen: true))
        {
            void Text(string? value)
            {
                if (value is null)
                {
                    w.Write7BitEncodedInt(0);
                    return;
                }

                if (!strings.TryGetValue(value, out var index))
                {
                    table.Add(value);
                    index = strings[value] = table.Count;
                }

                w.Write7BitEncodedInt(index);
            }

            var lastPort = 0;
            var lastAt = origin;
            foreach (var r in results)
            {
                Text(r.Host);
                Text(r.Address);
                // Ports mostly come in a stride: the difference to the last one is small and compresses well.
                w.Write7BitEncodedInt(ZigZag(r.Port - lastPort));
                lastPort = r.Port;
                w.Write((byte)r.State);
                w.Write7BitEncodedInt(ZigZag(r.Code));
                Text(r.CodeName);
                Text(r.SocketError);
                Text(r.Message);
                WriteRtt(w, r.RttMs);
                Text(r.LocalEndPoint);
                Text(r.RemoteEndPoint);
                // Results arrive in time order, mostly: the step from the one before is a byte or two.
                w.Write7BitEncodedInt64(ZigZag((r.At - lastAt).Ticks));
                lastAt = r.At;
                Text(r.Service);
                w.Write7BitEncodedInt(r.Attempts is { } attempts ? attempts + 1 : 0);
            }
        }

        var output = new MemoryStream(results.Count * 4 + 64);
        output.WriteByte(Version);
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var w = new BinaryWriter(deflate, Encoding.UTF8, leaveOpen: true))
        {
            w.Write7BitEncodedInt(results.Count);
            w.Write7BitEncodedInt(table.Count);
            table.ForEach(w.Write);
            records.Position = 0;
            records.CopyTo(deflate);
        }

        return output.ToArray();
    }

    public static List<ProbeResult> Decode(byte[] data, DateTimeOffset origin)
    {
        if (data.Length == 0 || data[0] != Version)
        {
            throw new InvalidDataException($"a scan chunk of version {(data.Length == 0 ? "none" : data[0])}; this server reads version {Version}");
        }

        using var deflate = new DeflateStream(new MemoryStream(data, 1, data.Length - 1), CompressionMode.Decompress);
        using var r = new BinaryReader(deflate, Encoding.UTF8);
        var count = r.Read7BitEncodedInt();
        var table = new string[r.Read7BitEncodedInt() + 1];
        for (var i = 1; i < table.Length; i++)
        {
            table[i] = r.ReadString();
        }

        string? Text() => r.Read7BitEncodedInt() is var index and > 0 ? table[index] : null;

        var results = new List<ProbeResult>(count);
        var port = 0;
        var at = origin;
        for (var i = 0; i < count; i++)
        {
            var host = Text()!;
            var address = Text();
            port += UnZigZag(r.Read7BitEncodedInt());
            var state = (ProbeState)r.ReadByte();
            var code = UnZigZag(r.Read7BitEncodedInt());
            var codeName = Text()!;
            var socketError = Text()!;
            var message = Text()!;
            var rtt = ReadRtt(r);
            var local = Text();
            var remote = Text();
            at += TimeSpan.FromTicks(UnZigZag(r.Read7BitEncodedInt64()));
            var service = Text();
            var attempts = r.Read7BitEncodedInt();
            results.Add(new ProbeResult(host, address, port, state, code, codeName, socketError, message,
                rtt, local, remote, at, service, attempts == 0 ? null : attempts - 1));
        }

        return results;
    }

    // Round trips are mostly whole microseconds (the scanner rounds them): a small number; anything else kept exactly.
    private static void WriteRtt(BinaryWriter w, double? rtt)
    {
        if (rtt is not { } ms)
        {
            w.Write((byte)0);
        }
        else if (Math.Round(ms * 1000) is var micros && micros >= 0 && micros < long.MaxValue / 2 && micros / 1000 == ms)
        {
            w.Write((byte)1);
            w.Write7BitEncodedInt64((long)micros);
        }
        else
        {
            w.Write((byte)2);
            w.Write(ms);
        }
    }

    private static double? ReadRtt(BinaryReader r) => r.ReadByte() switch
    {
        0 => null,
        1 => r.Read7BitEncodedInt64() / 1000.0,
        _ => r.ReadDouble(),
    };

    private static int ZigZag(int value) => (value << 1) ^ (value >> 31);

    private static long ZigZag(long value) => (value << 1) ^ (value >> 63);

    private static int UnZigZag(int value) => (int)((uint)value >> 1) ^ -(value & 1);

    private static long UnZigZag(long value) => (long)((ulong)value >> 1) ^ -(value & 1);
}
