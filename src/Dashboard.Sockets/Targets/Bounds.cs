namespace Dashboard.Sockets.Targets;

/// <summary>The one way a request's numeric option is checked and explained.</summary>
public static class Bounds
{
    /// <summary>Why <paramref name="value"/> is outside 1-<paramref name="max"/>, or null when it is inside (null means the default).</summary>
    public static string? Problem(string field, int? value, int max) =>
        value is null || (value >= 1 && value <= max) ? null : $"{field} must be 1-{max}, got {value}";
}
