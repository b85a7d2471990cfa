using System.Globalization;
using System.Text.Json.Nodes;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Paths;
using Dashboard.Contracts.Probe;
using Dashboard.Contracts.Scan;
using Dashboard.Contracts.Udp;
using Dashboard.Sockets.Targets;
using Dashboard.Sockets.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Listeners;
using Dashboard.Web.Features.Paths;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Features.Probe;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Features.Scan.Export;
using Dashboard.Web.Features.Udp;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Dashboard.Web.Hosting.OpenApi;

/// <summary>A bound a validator holds a value to, as the schema states it.</summary>
internal sealed record Bound(long? Minimum = null, long? Maximum = null, int? MinLength = null, int? MaxLength = null,
    int? MinItems = null, int? MaxItems = null, IReadOnlyList<string>? OneOf = null)
{
    public static Bound Range(long minimum, long maximum) => new(minimum, maximum);

    public static Bound Length(int maxLength, int minLength = 0) => new(MinLength: minLength > 0 ? minLength : null, MaxLength: maxLength);
}

/// <summary>
/// Ranges, lengths and closed sets in the OpenAPI document, read from the very constants and settings the
/// validators refuse a request by (<see cref="PortNumber"/>, <see cref="HostName"/>, the services' maxima from
/// configuration), so the document cannot drift from what is enforced: a changed setting shows in the document.
/// </summary>
internal static class ValidationBounds
{
    private static readonly Dictionary<(Type Type, string Property), Func<IServiceProvider, Bound>> Properties = new()
    {
        [(typeof(ProbeRequest), "host")] = _ => Bound.Length(HostName.MaxLength),
        [(typeof(ProbeRequest), "port")] = _ => Bound.Range(PortNumber.Min, PortNumber.Max),
        [(typeof(ProbeRequest), "timeoutMs")] = s => Bound.Range(1, s.GetRequiredService<ProbeService>().MaxTimeoutMs),
        [(typeof(ScanRequest), "timeoutMs")] = s => Bound.Range(1, s.GetRequiredService<ScanService>().MaxTimeoutMs),
        [(typeof(ScanRequest), "concurrency")] = s => Bound.Range(1, s.GetRequiredService<ScanService>().MaxConcurrency),
        [(typeof(UdpSendRequest), "host")] = _ => Bound.Length(HostName.MaxLength),
        [(typeof(UdpSendRequest), "port")] = _ => Bound.Range(PortNumber.Min, PortNumber.Max),
        [(typeof(UdpSendRequest), "count")] = s => Bound.Range(1, s.GetRequiredService<UdpService>().MaxCount),
        [(typeof(UdpSendRequest), "intervalMs")] = s => Bound.Range(0, s.GetRequiredService<IOptions<UdpOptions>>().Value.MaxIntervalMs),
        [(typeof(UdpSendRequest), "waitReplyMs")] = s => Bound.Range(0, s.GetRequiredService<UdpService>().MaxWaitReplyMs),
        [(typeof(ListenerRequest), "port")] = _ => Bound.Range(0, PortNumber.Max),
        [(typeof(ListenerRequest), "path")] = _ => Bound.Length(Dashboard.Sockets.UnixSockets.UnixSocketPath.MaxBytes),
        [(typeof(ListenerRequest), "backlog")] = s => Bound.Range(1, s.GetRequiredService<ListenerService>().MaxBacklog),
        [(typeof(ListenerRequest), "ttlSeconds")] = s => Bound.Range(1, s.GetRequiredService<ListenerService>().MaxTtlSeconds),
        [(typeof(PathCheckRequest), "port")] = _ => Bound.Range(PortNumber.Min, PortNumber.Max),
        [(typeof(PathCheckRequest), "timeoutMs")] = _ => Bound.Range(1, PathCheckService.MaxTimeoutMs),
        [(typeof(PathMatrixRequest), "rows")] = _ => new Bound(MinItems: 1, MaxItems: PathCheckService.MaxRows),
        [(typeof(PathMatrixRequest), "timeoutMs")] = _ => Bound.Range(1, PathCheckService.MaxTimeoutMs),
        [(typeof(PathMatrixRow), "port")] = _ => Bound.Range(PortNumber.Min, PortNumber.Max),
        [(typeof(CreateAgentRequest), "name")] = _ => Bound.Length(Features.Agents.AgentRecord.MaxNameLength, minLength: 1),
        [(typeof(PolicyRuleModel), "name")] = _ => Bound.Length(Sockets.Policy.PolicyRule.MaxNameLength, minLength: 1),
    };

    /// <summary>Query and path values, by operation name and parameter.</summary>
    private static readonly Dictionary<(string Operation, string Parameter), Func<IServiceProvider, Bound>> Parameters = new()
    {
        [("GetScanResults", "page")] = _ => new Bound(Minimum: 1),
        [("GetScanResults", "pageSize")] = _ => Bound.Range(1, ScanService.MaxPageSize),
        [("ExportScan", "format")] = _ => new Bound(OneOf: [.. ScanExport.ContentTypes.Keys]),
        [("GetHistory", "page")] = _ => new Bound(Minimum: 1),
        [("GetHistory", "pageSize")] = _ => Bound.Range(1, HistoryService.MaxPageSize),
        [("GetHistory", "kind")] = _ => new Bound(OneOf: HistoryKinds.All),
        [("GetAudit", "page")] = _ => new Bound(Minimum: 1),
        [("GetAudit", "pageSize")] = _ => Bound.Range(1, AuditService.MaxPageSize),
        [("TestPolicy", "port")] = _ => Bound.Range(PortNumber.Min, PortNumber.Max),
        [("TestPolicy", "role")] = _ => new Bound(OneOf: Enum.GetNames<Role>()),
        [("GetListenerEvents", "after")] = _ => new Bound(Minimum: 0),
    };

    public static OpenApiOptions AddValidationBounds(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is null && schema.Properties is { Count: > 0 } properties)
            {
                foreach (var (name, property) in properties)
                {
                    if (property is OpenApiSchema concrete && Properties.TryGetValue((context.JsonTypeInfo.Type, name), out var bound))
                    {
                        Apply(concrete, bound(context.ApplicationServices));
                    }
                }
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (name is not null && parameter.Name is { } parameterName && parameter.Schema is OpenApiSchema schema &&
                    Parameters.TryGetValue((name, parameterName), out var bound))
                {
                    Apply(schema, bound(context.ApplicationServices));
                }
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static void Apply(OpenApiSchema schema, Bound bound)
    {
        schema.Minimum = bound.Minimum?.ToString(CultureInfo.InvariantCulture) ?? schema.Minimum;
        schema.Maximum = bound.Maximum?.ToString(CultureInfo.InvariantCulture) ?? schema.Maximum;
        schema.MinLength = bound.MinLength ?? schema.MinLength;
        schema.MaxLength = bound.MaxLength ?? schema.MaxLength;
        schema.MinItems = bound.MinItems ?? schema.MinItems;
        schema.MaxItems = bound.MaxItems ?? schema.MaxItems;
        if (bound.OneOf is { } values)
        {
            schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
        }
    }
}
