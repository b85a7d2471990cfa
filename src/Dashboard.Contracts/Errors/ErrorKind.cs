using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Errors;

/// <summary>Why a request was refused. Each door renders it its way: a hub message, an HTTP status, a line beside a field.</summary>
[JsonConverter(typeof(WireEnumConverter<ErrorKind>))]
public enum ErrorKind
{
    /// <summary>The input breaks a rule; the message names the field, what is allowed and what was given (HTTP 400).</summary>
    [JsonStringEnumMemberName("invalid")] Invalid,

    /// <summary>No such scan, listener or other item, or no longer kept (HTTP 404).</summary>
    [JsonStringEnumMemberName("not-found")] NotFound,

    /// <summary>The actor's role or the policy does not allow it (HTTP 403).</summary>
    [JsonStringEnumMemberName("forbidden")] Forbidden,

    /// <summary>It clashes with the state of things, e.g. a port already in use (HTTP 409).</summary>
    [JsonStringEnumMemberName("conflict")] Conflict,

    /// <summary>A cap or a quota is reached; the message names it and says when to retry (HTTP 429).</summary>
    [JsonStringEnumMemberName("limit-reached")] LimitReached,
}
