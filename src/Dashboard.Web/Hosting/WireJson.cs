using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Reads a request record from JSON the way the hub and the REST API both do, so that a value of the
/// wrong type is refused with the field's name, what it must be and what was given
/// (<c>port must be a whole number, got "eighty"</c>) instead of a generic binding failure.
/// </summary>
public static class WireJson
{
    /// <summary>camelCase, names matched case-insensitively, numbers only as numbers: what SignalR's JSON protocol does.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 16,
    };

    /// <summary>The request in <paramref name="json"/>, or null for JSON null (the service then says what is required).</summary>
    /// <exception cref="InvalidRequestException">A value of the wrong type, named by its field.</exception>
    public static T? Bind<T>(JsonElement json) where T : class
    {
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException($"request must be a JSON object {{ {Fields(typeof(T))} }}, got {Shown(json)}");
        }

        try
        {
            return json.Deserialize<T>(Options);
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException(Describe(typeof(T), json, e.Path), e);
        }
    }

    /// <summary>Reads and binds a request body (the REST door).</summary>
    /// <exception cref="InvalidRequestException">Not JSON, or a value of the wrong type.</exception>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException($"request body must be JSON {{ {Fields(typeof(T))} }}: {e.Message.Split(" Path:")[0]}", e);
        }

        using (document)
        {
            return Bind<T>(document.RootElement);
        }
    }

    private static string Describe(Type root, JsonElement json, string? path)
    {
        var names = (path ?? "$").TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries);
        var type = root;
        var value = json;
        var field = new List<string>();
        foreach (var name in names)
        {
            var property = Writable(type).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null || value.ValueKind != JsonValueKind.Object)
            {
                break;
            }

            field.Add(JsonNamingPolicy.CamelCase.ConvertName(property.Name));
            type = property.PropertyType;
            value = value.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        return field.Count == 0
            ? $"request is not a valid {{ {Fields(root)} }}: {Shown(json)}"
            : $"{string.Join('.', field)} must be {Expected(type)}, got {Shown(value)}";
    }

    private static string Expected(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner.IsEnum)
        {
            return "one of " + string.Join(", ", inner.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name.ToLowerInvariant()));
        }

        return Type.GetTypeCode(inner) switch
        {
            TypeCode.Int32 or TypeCode.Int64 => "a whole number",
            TypeCode.Double => "a number",
            TypeCode.Boolean => "true or false",
            TypeCode.String => "a string",
            _ => $"an object {{ {Fields(inner)} }}",
        };
    }

    // A property beyond the record's constructor (an init-only addition such as from) is optional by construction.
    private static string Fields(Type type) =>
        string.Join(", ", Writable(type).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) +
                                                     (Nullable.GetUnderlyingType(p.PropertyType) is not null || p.PropertyType == typeof(bool)
                                                      || !IsConstructorParameter(type, p.Name) ? "?" : "")));

    private static bool IsConstructorParameter(Type type, string name) =>
        type.GetConstructors().Any(c => c.GetParameters().Any(a => string.Equals(a.Name, name, StringComparison.Ordinal)));

    private static IEnumerable<PropertyInfo> Writable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.Name != "EqualityContract");

    private static string Shown(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Undefined => "nothing",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => value.GetRawText(),
        };
        return text.Length > 40 ? string.Create(CultureInfo.InvariantCulture, $"{text[..40]}… ({text.Length} characters)") : text;
    }
}
