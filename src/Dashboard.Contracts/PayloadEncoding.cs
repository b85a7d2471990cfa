using System.Text.Json.Serialization;

namespace Dashboard.Contracts;

/// <summary>How a payload is written in a request.</summary>
[JsonConverter(typeof(WireEnumConverter<PayloadEncoding>))]
public enum PayloadEncoding
{
    /// <summary>UTF-8 text.</summary>
    [JsonStringEnumMemberName("text")] Text,

    /// <summary>Hex digits; spaces, commas, colons and <c>0x</c> allowed.</summary>
    [JsonStringEnumMemberName("hex")] Hex,

    /// <summary>Base64 with padding; whitespace ignored.</summary>
    [JsonStringEnumMemberName("base64")] Base64,
}
