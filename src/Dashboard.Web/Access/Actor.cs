using System.Net;

namespace Dashboard.Web.Access;

/// <summary>Who asks, and through which door: every feature service takes one and checks, audits and records by it.</summary>
/// <param name="Id">The user's (or token's) stable id.</param>
/// <param name="Name">The name shown as owner of scans and listeners.</param>
/// <param name="Role">What the actor may do.</param>
/// <param name="ClientAddress">Where the request came from, when known.</param>
/// <param name="Door">The UI, the hub or the REST API.</param>
public sealed record Actor(string Id, string Name, Role Role, IPAddress? ClientAddress, Door Door) : IBindableFromHttpContext<Actor>
{
    /// <summary>A REST handler's <c>Actor</c> parameter: the signed-in caller (already re-read by the present-access middleware).</summary>
    /// <exception cref="RequestRefusedException">Forbidden: nobody is signed in (the /api group requires it; this is the second lock).</exception>
    public static ValueTask<Actor?> BindAsync(HttpContext context, System.Reflection.ParameterInfo parameter) =>
        ValueTask.FromResult<Actor?>(Actors.From(context, Door.Api));

    /// <exception cref="RequestRefusedException">Forbidden: the role is below <paramref name="needed"/>.</exception>
    public void Require(Role needed, string action)
    {
        if (Role < needed)
        {
            throw RequestRefusedException.Forbidden($"{action} needs the {needed} role; {Name} is {Role.WithArticle()}");
        }
    }

    /// <summary>Cancelling or closing: Admins may act on anyone's items, Operators on their own.</summary>
    /// <exception cref="RequestRefusedException">Forbidden.</exception>
    public void RequireOwnerOrAdmin(string owner, string action)
    {
        Require(Role.Operator, action);
        if (Role < Role.Admin && !string.Equals(owner, Name, StringComparison.Ordinal))
        {
            throw RequestRefusedException.Forbidden($"{action}: it belongs to {owner}; only its owner or an Admin may do that");
        }
    }

    public override string ToString() => $"{Name} ({Role}, {Door}, {ClientAddress?.ToString() ?? "unknown address"})";
}

/// <summary>What an actor may do; each role may do everything the one before it may.</summary>
public enum Role
{
    /// <summary>Watches scans and listeners, reads results; starts nothing.</summary>
    Viewer,

    /// <summary>Also probes, scans, sends UDP, opens listeners; cancels and closes their own.</summary>
    Operator,

    /// <summary>Also manages users, tokens and policy; cancels and closes anyone's.</summary>
    Admin,
}

/// <summary>Where a request came in.</summary>
public enum Door
{
    /// <summary>A Blazor page.</summary>
    Ui,

    /// <summary>The SignalR hub at <c>/hubs/probe</c>.</summary>
    Hub,

    /// <summary>The REST API under <c>/api</c>.</summary>
    Api,

    /// <summary>A watch's scheduled run, with its owner's powers as stored at that moment.</summary>
    Watch,
}
