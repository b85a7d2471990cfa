namespace Dashboard.Web.Components.Support;

/// <summary>How large a message the Blazor circuit takes from the browser.</summary>
public static class CircuitLimits
{
    /// <summary>
    /// The circuit hub's <c>MaximumReceiveMessageSize</c>: 2,363,392 bytes. An input event carries the
    /// field's value twice (the event's value and Blazor's <c>eventFieldInfo</c>) as JSON, where one
    /// UTF-16 unit takes at most six bytes (a control character is written <c>\u0001</c>; any other is
    /// at most three bytes of UTF-8); the longest field is <see cref="FieldLimits.Longest"/> characters;
    /// 4 KiB hold the rest of the message. SignalR's default, 32 KB, dropped the circuit at about 16,000
    /// characters, and the reconnected page went on with the values it had before.
    /// </summary>
    public const int MaxReceiveMessageBytes = (2 * 6 * FieldLimits.Longest) + 4_096;
}
