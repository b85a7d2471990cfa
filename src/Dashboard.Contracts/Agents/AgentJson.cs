using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Agents;

/// <summary>How command payloads and results are written inside <see cref="AgentCommand"/> and <see cref="AgentReply"/>: as the hub writes its records.</summary>
public static class AgentJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 16,
    };

    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <exception cref="JsonException">Not a <typeparamref name="T"/>.</exception>
    public static T Read<T>(JsonElement json) => json.Deserialize<T>(Options) ?? throw new JsonException($"expected a {typeof(T).Name}, got null");
}
