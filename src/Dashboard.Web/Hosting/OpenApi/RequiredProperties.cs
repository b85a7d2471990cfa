using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Paths;
using Dashboard.Web.Features.Policy;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Dashboard.Web.Hosting.OpenApi;

/// <summary>
/// The <c>required</c> list of every object schema, by what really happens on the wire. An answer's property is
/// required unless it is left out when null (<c>JsonIgnore WhenWritingNull</c>): the server writes all others,
/// null or not. A request's property is required when the validator refuses the request without it: a
/// constructor parameter that is neither nullable nor defaulted, and the few nullable ones the validators insist on.
/// A type read in requests and written in answers (a policy rule, a matrix row) is described as a request, what a
/// client must send; its answers carry every property anyway.
/// </summary>
internal static class RequiredProperties
{
    /// <summary>Nullable in the contract (so a missing one reaches the validator, which names it), yet required.</summary>
    private static readonly Dictionary<Type, string[]> RequiredByValidator = new()
    {
        [typeof(ListenerRequest)] = ["protocol"],
        [typeof(ListenerSendRequest)] = ["payload"],
        [typeof(PathMatrixRequest)] = ["rows"],
        [typeof(PolicyUpdate)] = ["rules"],
        [typeof(CreateAgentRequest)] = ["name"],
    };

    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly Lock NullabilityLock = new();

    public static OpenApiOptions AddRequiredProperties(this OpenApiOptions options) => options.AddSchemaTransformer((schema, context, _) =>
    {
        if (context.JsonPropertyInfo is not null || context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is not { Count: > 0 })
        {
            return Task.CompletedTask;
        }

        var type = context.JsonTypeInfo.Type;
        var required = RequestTypes.Of(context.ApplicationServices).Contains(type)
            ? context.JsonTypeInfo.Properties.Where(p => RequiredInRequest(type, p))
            : context.JsonTypeInfo.Properties.Where(AlwaysWritten);
        schema.Required = new HashSet<string>(required.Select(p => p.Name).Where(schema.Properties.ContainsKey), StringComparer.Ordinal);
        return Task.CompletedTask;
    });

    private static bool AlwaysWritten(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>()
            .Any(i => i.Condition != JsonIgnoreCondition.Never) != true;

    private static bool RequiredInRequest(Type type, JsonPropertyInfo property)
    {
        if (RequiredByValidator.TryGetValue(type, out var names) && names.Contains(property.Name, StringComparer.Ordinal))
        {
            return true;
        }

        if (property.AssociatedParameter is not { HasDefaultValue: false } || property.AttributeProvider is not PropertyInfo declared)
        {
            return false;
        }

        lock (NullabilityLock)
        {
            return Nullability.Create(declared).WriteState != NullabilityState.Nullable;
        }
    }

    /// <summary>The types requests carry: the bodies the endpoints accept and every type inside them.</summary>
    private static class RequestTypes
    {
        // Per app (a process may host several), kept no longer than the app.
        private static readonly ConditionalWeakTable<IServiceProvider, HashSet<Type>> ByApp = [];

        public static HashSet<Type> Of(IServiceProvider services) => ByApp.GetValue(services, static s =>
        {
            var found = new HashSet<Type>();
            var bodies = s.GetServices<EndpointDataSource>().SelectMany(d => d.Endpoints)
                .Select(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType).OfType<Type>();
            foreach (var body in bodies)
            {
                AddWithParts(body, found);
            }

            return found;
        });

        private static void AddWithParts(Type type, HashSet<Type> found)
        {
            var inner = Nullable.GetUnderlyingType(type) ?? type;
            if (inner.IsGenericType)
            {
                foreach (var argument in inner.GetGenericArguments())
                {
                    AddWithParts(argument, found);
                }

                return;
            }

            if (inner.Namespace?.StartsWith("Dashboard.", StringComparison.Ordinal) != true || !found.Add(inner))
            {
                return;
            }

            foreach (var property in inner.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                AddWithParts(property.PropertyType, found);
            }
        }
    }
}
