using System.IO.Compression;
using System.Text.Json;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>A list of the hub's own records (host results, listener events) as deflated JSON: few rows, rarely read.</summary>
public static class JsonChunk
{
    public static byte[] Encode<T>(IReadOnlyList<T> items)
    {
        var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(deflate, items, WireJson.Options);
        }

        return output.ToArray();
    }

    public static List<T> Decode<T>(byte[] data)
    {
        using var deflate = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<List<T>>(deflate, WireJson.Options) ?? [];
    }

    public static string Text<T>(T value) => JsonSerializer.Serialize(value, WireJson.Options);

    public static T? Read<T>(string json) => string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, WireJson.Options);
}
