namespace Dashboard.Contracts;

/// <summary>Where the hub lives and what its methods are called, for clients written against it.</summary>
public static class ProbeHubRoutes
{
    /// <summary>The hub's path on the dashboard.</summary>
    public const string Path = "/hubs/probe";

    /// <summary>Hub method: <c>Task&lt;ProbeResult&gt; Probe(ProbeRequest)</c>.</summary>
    public const string Probe = "Probe";
}
