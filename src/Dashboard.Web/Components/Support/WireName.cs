using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Dashboard.Web.Components.Support;

/// <summary>The name a value of a contract enum has on the wire (<c>no-reply</c>, <c>open</c>): what users and scripts see, shown the same in the UI.</summary>
public static class WireName
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Names.GetOrAdd(value, static v => v.GetType().GetField(v.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                                          ?? v.ToString().ToLowerInvariant());
}
