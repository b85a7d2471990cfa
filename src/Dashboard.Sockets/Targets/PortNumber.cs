namespace Dashboard.Sockets.Targets;

/// <summary>The rule for one TCP or UDP port number.</summary>
public static class PortNumber
{
    public const int Min = 1;
    public const int Max = 65_535;

    /// <summary>Why <paramref name="port"/> cannot be probed, or null when it can.</summary>
    public static string? Problem(int port, string field = "port") =>
        port is >= Min and <= Max ? null : $"{field} must be {Min}-{Max}, got {port}";
}
