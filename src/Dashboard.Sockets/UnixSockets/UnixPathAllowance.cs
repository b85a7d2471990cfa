namespace Dashboard.Sockets.UnixSockets;

/// <summary>
/// Directories one party allows Unix socket paths under, and the setting that says so (named in refusals). A path must
/// be under a directory of every allowance given: at an agent, the dashboard's and the agent owner's.
/// </summary>
/// <param name="Setting">Where it is configured, e.g. <c>Policy:UnixSockets:AllowedDirectories</c> or <c>--unix-dirs</c>.</param>
/// <param name="Directories">Absolute directories; none allows nothing.</param>
public sealed record UnixPathAllowance(string Setting, IReadOnlyList<string> Directories)
{
    /// <summary>Splits a comma-separated setting.</summary>
    public static UnixPathAllowance Parse(string setting, string? text) =>
        new(setting, [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);

    /// <summary>Why the configured text is not a list of absolute directories, or null.</summary>
    public static string? Problem(string setting, string? text) =>
        Parse(setting, text).Directories.FirstOrDefault(d => !d.StartsWith('/') || d.Split('/').Contains("..")) is { } bad
            ? $"{setting}: '{bad}' is not an absolute directory without '..' (e.g. /run/myapp)"
            : null;

    /// <summary>The allowed directories as they are now, every symbolic link resolved; those that do not exist allow nothing.</summary>
    public IReadOnlyList<string> Resolved()
    {
        var resolved = new List<string>();
        foreach (var directory in Directories)
        {
            var fd = UnixLibc.OpenPath(directory, UnixLibc.O_DIRECTORY);
            if (fd < 0)
            {
                continue;
            }

            try
            {
                if (UnixLibc.PathOf(fd) is { } path)
                {
                    resolved.Add(path);
                }
            }
            finally
            {
                UnixLibc.close(fd);
            }
        }

        return resolved;
    }

    public override string ToString() => Directories.Count == 0 ? $"none ({Setting})" : $"{string.Join(", ", Directories)} ({Setting})";
}
