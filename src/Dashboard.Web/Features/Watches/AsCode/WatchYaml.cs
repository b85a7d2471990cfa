using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Contracts;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Hosting;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Dashboard.Web.Features.Watches.AsCode;

/// <summary>One entry of a document's <c>watches</c> list: the spec as written, or why it cannot be read.</summary>
public sealed record WatchYamlEntry(int Index, int Line, string? Name, WatchSpec? Spec, string? Field, string? Error);

/// <summary>
/// Watches as YAML, the wire's field names: <c>watches:</c> then one mapping per watch. Export leaves out what is
/// the default and orders by name, so a diff in git shows only what changed; import reads one document, no aliases,
/// and names the watch and field of every problem.
/// </summary>
public static class WatchYaml
{
    public const int MaxDepth = 8;

    private static readonly Dictionary<string, PropertyInfo> Fields = typeof(WatchSpec).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.Name != "EqualityContract")
        .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);

    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    /// <summary>The document for <paramref name="specs"/> (completed specs, as stored), ordered by name.</summary>
    public static string Write(IEnumerable<WatchSpec> specs, WatchOptions options, string? header = null)
    {
        var watches = specs.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => Shown(s, options)).ToList();
        var text = Serializer.Serialize(new Dictionary<string, object> { ["watches"] = watches });
        return (header is null ? "" : $"# {header}\n") + text;
    }

    /// <summary>A completed spec without its defaults, in the wire's field order.</summary>
    public static Dictionary<string, object> Shown(WatchSpec spec, WatchOptions options)
    {
        var kind = spec.Kind!.Value;
        var shown = new Dictionary<string, object> { ["name"] = spec.Name!, };
        Add(shown, "group", spec.Group, spec.Group == WatchSpecs.DefaultGroup);
        shown["kind"] = WatchSpecs.Wire(kind);
        Add(shown, "expect", spec.Expect is { } expect ? WatchSpecs.Wire(expect) : null, spec.Expect == WatchSpecs.ExpectationsOf(kind)[0]);
        Add(shown, "host", spec.Host);
        Add(shown, "port", spec.Port);
        Add(shown, "ports", spec.Ports);
        Add(shown, "baseline", spec.Baseline?.ToList(), spec.Baseline is not { Count: > 0 });
        Add(shown, "from", spec.From?.Select(Vantage).ToList(), spec.From is null || spec.From is [""]);
        Add(shown, "pathTo", spec.PathTo is null ? null : Vantage(spec.PathTo));
        Add(shown, "protocol", spec.Protocol is { } protocol ? WatchSpecs.Wire(protocol) : null, spec.Protocol is null or ListenerProtocol.Tcp);
        var noPayload = kind == WatchKind.Udp && spec.Payload == "" && spec.Encoding is null or PayloadEncoding.Text;
        Add(shown, "payload", spec.Payload, noPayload);
        Add(shown, "encoding", spec.Encoding is { } encoding ? WatchSpecs.Wire(encoding) : null, spec.Encoding is null or PayloadEncoding.Text);
        Add(shown, "match", spec.Match);
        Add(shown, "matchKind", spec.MatchKind is { } matchKind ? WatchSpecs.Wire(matchKind) : null, spec.MatchKind is null or WatchMatchKind.Text);
        Add(shown, "intervalSeconds", spec.IntervalSeconds, spec.IntervalSeconds == options.DefaultIntervalSeconds);
        Add(shown, "cron", spec.Cron);
        Add(shown, "timeZone", spec.TimeZone, spec.TimeZone is null || spec.TimeZone == TimeZoneInfo.Utc.Id);
        Add(shown, "timeoutMs", spec.TimeoutMs, spec.TimeoutMs == WatchSpecs.DefaultTimeoutMs);
        Add(shown, "confirmAfter", spec.ConfirmAfter, spec.ConfirmAfter == 1);
        Add(shown, "remindMinutes", spec.RemindMinutes);
        Add(shown, "paused", spec.Paused, spec.Paused != true);
        Add(shown, "minDaysLeft", spec.MinDaysLeft, spec.MinDaysLeft is null or WatchSpecs.DefaultMinDaysLeft);
        return shown;
    }

    // "" (this server) reads better as "local", which the specs take back as "".
    private static string Vantage(string from) => from.Length == 0 ? "local" : from;

    private static void Add(Dictionary<string, object> shown, string field, object? value, bool isDefault = false)
    {
        if (value is not null && !isDefault)
        {
            shown[field] = value;
        }
    }

    /// <summary>The entries of a document: <c>watches:</c> and a list of mappings with the wire's field names.</summary>
    /// <exception cref="InvalidRequestException">Not one YAML document of that shape (the entries' own problems are in them).</exception>
    public static IReadOnlyList<WatchYamlEntry> Read(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            CheckShape(yaml);
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InvalidRequestException($"body is not YAML: {e.Message} (line {e.Start.Line}, column {e.Start.Column})", e);
        }

        const string Shape = "body must be one YAML document: watches: followed by a list of watches (docs/watches.md)";
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidRequestException($"{Shape}; got {(stream.Documents.Count == 0 ? "nothing" : stream.Documents.Count > 1 ? $"{stream.Documents.Count} documents" : "something else")}");
        }

        var extra = root.Children.Keys.Select(Text).FirstOrDefault(k => k != "watches");
        if (extra is not null)
        {
            throw new InvalidRequestException($"body: '{extra}' is not a key of the document; {Shape}");
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("watches"), out var list) || IsNull(list))
        {
            return [];
        }

        if (list is not YamlSequenceNode watches)
        {
            throw new InvalidRequestException($"watches must be a list (- name: ...), got {Describe(list)} at line {list.Start.Line}");
        }

        return [.. watches.Children.Select(Entry)];
    }

    private static WatchYamlEntry Entry(YamlNode node, int index)
    {
        var line = (int)node.Start.Line;
        if (node is not YamlMappingNode watch)
        {
            return new WatchYamlEntry(index, line, null, null, "watch", $"a watch must be a mapping (name: ..., kind: ...), got {Describe(node)}");
        }

        var name = watch.Children.FirstOrDefault(c => Text(c.Key) == "name").Value is YamlScalarNode { } n && !IsNull(n) ? n.Value : null;
        var json = new JsonObject();
        foreach (var (key, value) in watch.Children)
        {
            var field = Text(key);
            if (!Fields.TryGetValue(field, out var property))
            {
                return new WatchYamlEntry(index, (int)key.Start.Line, name, null, field,
                    $"{field} is not a field of a watch (line {key.Start.Line}); the fields are {string.Join(", ", Fields.Keys)}");
            }

            json[field] = Json(value, property.PropertyType);
        }

        try
        {
            var spec = WireJson.Bind<WatchSpec>(JsonSerializer.SerializeToElement(json));
            return new WatchYamlEntry(index, line, name, spec, null, null);
        }
        catch (InvalidRequestException e)
        {
            return new WatchYamlEntry(index, line, name, null, e.Field, e.Message);
        }
    }

    /// <summary>
    /// A YAML value as JSON for the wire's reader: text stays text where the field is text (a name "1234", a host
    /// 10.0.0.1), plain numbers and true/false become numbers and booleans elsewhere, so the reader names a wrong type.
    /// </summary>
    private static JsonNode? Json(YamlNode node, Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        switch (node)
        {
            case YamlScalarNode scalar when IsNull(scalar):
                return null;
            case YamlScalarNode scalar when inner == typeof(string) || scalar.Style != ScalarStyle.Plain:
                return JsonValue.Create(scalar.Value);
            case YamlScalarNode scalar when long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                return JsonValue.Create(number);
            case YamlScalarNode scalar when scalar.Value is "true" or "false":
                return JsonValue.Create(scalar.Value == "true");
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value);
            case YamlSequenceNode sequence:
                var element = inner.IsGenericType ? inner.GetGenericArguments()[0] : typeof(object);
                return new JsonArray([.. sequence.Children.Select(c => Json(c, element))]);
            case YamlMappingNode mapping:
                var json = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    json[Text(key)] = Json(value, typeof(string));
                }

                return json;
            default:
                return null;
        }
    }

    /// <summary>Refuses aliases (a small document must not unfold into a huge one) and nesting past <see cref="MaxDepth"/>.</summary>
    private static void CheckShape(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    throw new InvalidRequestException($"body: YAML aliases (*{alias.Value}) are not taken; write each value out (line {alias.Start.Line})");
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw new InvalidRequestException($"body: nested deeper than {MaxDepth} levels at line {parser.Current.Start.Line}");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Text(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : Describe(node);

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "something else",
    };
}
