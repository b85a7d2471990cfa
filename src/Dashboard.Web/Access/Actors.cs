using System.Net;

namespace Dashboard.Web.Access;

/// <summary>
/// Turns a request into its <see cref="Actor"/>. Until accounts exist every caller is the one local
/// user, "anonymous", with every role: the dashboard listens on loopback only by default.
/// </summary>
public static class Actors
{
    /// <summary>The name every caller has until accounts exist.</summary>
    public const string Anonymous = "anonymous";

    public static Actor From(HttpContext? context, Door door) => For(context?.Connection.RemoteIpAddress, door);

    public static Actor For(IPAddress? clientAddress, Door door) => new(Anonymous, Anonymous, Role.Admin, clientAddress, door);
}
