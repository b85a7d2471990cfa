using System.IO.Compression;
using System.Text;
using Dashboard.Contracts.Probe;

namespace Dashboard.Web.Features.History;

/// <summary>
/// A batch of scan results as one compressed blob. Every text field is an index into the chunk's own
/// table of strings (a scan repeats its host, address, code names and messages thousands of times), numbers
/// are variable-length, times are offsets from the scan's start in ticks; the whole is deflated. Each chunk decodes
/// on its own, so the chunks written before a crash are readable without those after.
/// </summary>
public static class ScanChunkCodec
{
    private const byte Version = 1;

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
                w.Write(r.RttMs is { } rtt ? (float)rtt : -1f);
                Text(r.LocalEndPoint);
                Text(r.RemoteEndPoint);
                w.Write7BitEncodedInt64(ZigZag((r.At - origin).Ticks));
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
            var rtt = r.ReadSingle();
            var local = Text();
            var remote = Text();
            var at = origin + TimeSpan.FromTicks(UnZigZag(r.Read7BitEncodedInt64()));
            var service = Text();
            var attempts = r.Read7BitEncodedInt();
            results.Add(new ProbeResult(host, address, port, state, code, codeName, socketError, message,
                rtt < 0 ? null : Math.Round(rtt, 3), local, remote, at, service, attempts == 0 ? null : attempts - 1));
        }

        return results;
    }

    private static int ZigZag(int value) => (value << 1) ^ (value >> 31);

    private static long ZigZag(long value) => (value << 1) ^ (value >> 63);

    private static int UnZigZag(int value) => (int)((uint)value >> 1) ^ -(value & 1);

    private static long UnZigZag(long value) => (long)((ulong)value >> 1) ^ -(value & 1);
}
