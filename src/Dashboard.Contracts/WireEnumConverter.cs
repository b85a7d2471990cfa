using System.Text.Json.Serialization;

namespace Dashboard.Contracts;

/// <summary>
/// How every closed set of the contract is written: the lower-case name fixed by
/// <see cref="JsonStringEnumMemberNameAttribute"/>, read by that exact name. Numbers are refused,
/// so <c>"protocol": 7</c> is an error naming the field rather than an undefined value.
/// </summary>
public sealed class WireEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
