using System.Globalization;

namespace Dashboard.Sockets.Targets;

/// <summary>
/// The common service name of a TCP port (22 ssh, 5432 postgresql), from the IANA service-name
/// registry as Debian's netbase ships it (embedded: the engine must not depend on the host's /etc/services).
/// </summary>
public static class ServiceNames
{
    private static readonly string?[] ByPort = Load();

    /// <summary>The registry's name for TCP <paramref name="port"/>, or null when it has none.</summary>
    public static string? Of(int port) => (uint)port < (uint)ByPort.Length ? ByPort[port] : null;

    private static string?[] Load()
    {
        var names = new string?[PortNumber.Max + 1];
        using var stream = typeof(ServiceNames).Assembly.GetManifestResourceStream("Dashboard.Sockets.tcp-service-names.txt")
            ?? throw new InvalidOperationException("the embedded service-name table is missing");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (line.StartsWith('#') || space < 0)
            {
                continue;
            }

            var port = int.Parse(line.AsSpan(0, space), CultureInfo.InvariantCulture);
            names[port] = string.Intern(line[(space + 1)..]);
        }

        return names;
    }
}
