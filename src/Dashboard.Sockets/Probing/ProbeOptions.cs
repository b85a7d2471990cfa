using System.ComponentModel.DataAnnotations;

namespace Dashboard.Sockets.Probing;

/// <summary>Bounds of a single TCP connect probe. Configuration section <c>Sockets:Probe</c>.</summary>
public sealed class ProbeOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Sockets:Probe";

    /// <summary>
    /// The connect timeout when a request names none. Defaults to 3,000 ms: long enough for a
    /// distant host's handshake, short enough that a dropped SYN does not keep a user waiting.
    /// </summary>
    [Range(1, 600_000)]
    public int DefaultTimeoutMs { get; set; } = 3_000;

    /// <summary>
    /// The longest timeout a request may ask for. Defaults to 30,000 ms; a probe holds a socket
    /// for this long at most, so the bound caps what one user can tie up.
    /// </summary>
    [Range(1, 600_000)]
    public int MaxTimeoutMs { get; set; } = 30_000;
}
