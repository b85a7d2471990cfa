namespace Dashboard.Contracts.History;

/// <summary>What changed from scan <paramref name="A"/> to scan <paramref name="B"/>, like nmap's ndiff.</summary>
/// <param name="A">The earlier scan's id.</param>
/// <param name="B">The later scan's id.</param>
/// <param name="TargetsA">A's targets and ports as requested.</param>
/// <param name="TargetsB">B's targets and ports as requested.</param>
/// <param name="SameTargets">True when both scanned the same addresses and ports; otherwise ports only one scanned show as appeared or gone.</param>
/// <param name="Hosts">Hosts whose state changed: up, down, or absent (null) in one of the two.</param>
/// <param name="Ports">Ports whose state changed, by address then port; null on a side that has no result for it.</param>
/// <param name="Unchanged">Ports with the same state in both.</param>
public sealed record ScanComparison(
    string A,
    string B,
    string TargetsA,
    string TargetsB,
    bool SameTargets,
    IReadOnlyList<HostChange> Hosts,
    IReadOnlyList<PortChange> Ports,
    long Unchanged);

/// <summary>A host that went up or down between two scans.</summary>
/// <param name="Address">The address.</param>
/// <param name="Host">The name it was scanned by, when not the address.</param>
/// <param name="Before"><c>up</c>, <c>down</c>, or null when the first scan did not cover it.</param>
/// <param name="After">The same in the second scan.</param>
public sealed record HostChange(string Address, string? Host, string? Before, string? After);

/// <summary>A port whose state changed between two scans.</summary>
/// <param name="Address">The address.</param>
/// <param name="Port">The port.</param>
/// <param name="Before">Its state's wire name in the first scan (<c>open</c>, <c>closed</c>...), or null when it has no result there.</param>
/// <param name="After">The same in the second scan.</param>
/// <param name="Service">The port's common service name, when it has one.</param>
public sealed record PortChange(string Address, int Port, string? Before, string? After, string? Service);
