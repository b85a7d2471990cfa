namespace Dashboard.Contracts.Watches;

/// <summary>A group's status page as an Admin sets it (<c>PUT /api/watches/status-pages/{group}</c>); a field left out keeps its value.</summary>
/// <param name="IsPublic">Reachable without sign-in at an unguessable address; false ends that address at once.</param>
/// <param name="ShowDetails">The public page also shows targets, vantage points and reasons (otherwise names and states only).</param>
public sealed record StatusPageSettings(bool? IsPublic = null, bool? ShowDetails = null);

/// <summary>A group's status page: whether it is public and where.</summary>
/// <param name="Group">The watches' group.</param>
/// <param name="IsPublic">Whether it is reachable without sign-in.</param>
/// <param name="ShowDetails">Whether the public page shows targets, vantage points and reasons.</param>
/// <param name="PublicPath">The public page's path (<c>/public/status/{token}</c>); to Admins only, and only while public.</param>
/// <param name="UpdatedAt">When an Admin last changed it; null when never.</param>
public sealed record StatusPageView(string Group, bool IsPublic, bool ShowDetails, string? PublicPath, DateTimeOffset? UpdatedAt);

/// <summary>What a status page shows: each watch of the group and its state.</summary>
/// <param name="Group">The group.</param>
/// <param name="Details">Whether targets, vantage points and reasons are included.</param>
/// <param name="Watches">By name.</param>
/// <param name="At">When it was read.</param>
public sealed record StatusBoard(string Group, bool Details, IReadOnlyList<StatusBoardWatch> Watches, DateTimeOffset At);

/// <summary>One watch on a status page.</summary>
/// <param name="Name">The watch's name.</param>
/// <param name="Status">Over all its vantage points: down if any is down, up if all are up, paused if paused, else unknown.</param>
/// <param name="Since">When the oldest vantage point entered its present state.</param>
/// <param name="Target">With details: what it checks (kind, target, expectation).</param>
/// <param name="Vantages">With details: its state at each vantage point; otherwise empty.</param>
public sealed record StatusBoardWatch(string Name, WatchStatus Status, DateTimeOffset? Since, string? Target, IReadOnlyList<StatusBoardVantage> Vantages);

/// <summary>A watch's state at one vantage point, on a status page with details.</summary>
public sealed record StatusBoardVantage(string VantageName, WatchStatus Status, DateTimeOffset? Since, string? Reason, double? RttMs);
