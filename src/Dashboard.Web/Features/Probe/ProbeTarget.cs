namespace Dashboard.Web.Features.Probe;

/// <summary>How a host and port are written together: <c>db1:5432</c>, <c>[::1]:22</c>.</summary>
public static class ProbeTarget
{
    public static string Format(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
}
