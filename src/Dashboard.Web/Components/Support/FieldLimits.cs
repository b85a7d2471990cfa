using System.Globalization;
using Dashboard.Sockets.Targets;

namespace Dashboard.Web.Components.Support;

/// <summary>
/// The most characters each kind of text field takes (its HTML <c>maxlength</c>). The browser cannot
/// put more into a field, so no input event can outgrow <see cref="CircuitLimits.MaxReceiveMessageBytes"/>.
/// Each limit is above the longest valid value, so input the browser cut short still shows an error
/// beside its field instead of passing for a shorter, valid value.
/// </summary>
public static class FieldLimits
{
    /// <summary>Host and bind-address fields: 256, the longest DNS name (253 characters) and room for stray spaces.</summary>
    public const int Host = HostName.MaxLength + 3;

    /// <summary>Number fields: 11, the length of <c>-2147483648</c>; each field's own rule gives its range.</summary>
    public const int Number = 11;

    /// <summary>
    /// The payload editor: 196,608, three characters (<c>"xx "</c>) for each of 65,536 bytes. The largest
    /// datagram (65,527 bytes, over IPv6) written as spaced hex is 196,581 characters, so a whole payload
    /// never fills the field; in base64 it is 87,372 characters, as text at most 65,527.
    /// </summary>
    public const int Payload = 3 * 65_536;

    /// <summary>
    /// Scan targets: 167,936, the default cap of 4,096 addresses each written out as the longest IPv6
    /// literal (39 characters) and <c>", "</c>. CIDR blocks say more in fewer characters.
    /// </summary>
    public const int Targets = 4_096 * 41;

    /// <summary>
    /// Scan ports: 65,536, over 10,000 ports listed one by one (<c>"65535,"</c> is six characters);
    /// ranges and named sets cover any more.
    /// </summary>
    public const int Ports = 65_536;

    /// <summary>The longest of these: what a circuit message must have room for.</summary>
    public const int Longest = Payload;

    /// <summary>
    /// Why a value that fills its whole field cannot be trusted (the browser cuts what is typed or pasted
    /// beyond the limit), or null when it is shorter than <paramref name="limit"/>.
    /// </summary>
    /// <param name="value">The field's value.</param>
    /// <param name="limit">The field's limit, one of these constants.</param>
    /// <param name="field">The field's name in the message.</param>
    /// <param name="shorter">How to write the same in fewer characters.</param>
    public static string? Filled(string? value, int limit, string field, string shorter) =>
        value is not null && value.Length >= limit
            ? string.Create(CultureInfo.InvariantCulture, $"{field}: the field is full ({limit:N0} characters, the most it takes), so anything longer was cut; {shorter}")
            : null;
}
