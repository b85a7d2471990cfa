using System.Net;
using System.Security.Claims;

namespace Dashboard.Web.Access;

/// <summary>Turns a signed-in principal (a browser's cookie or an API token) into the <see cref="Actor"/> the services check.</summary>
public static class Actors
{
    public static Actor From(HttpContext? context, Door door) => From(context?.User, context?.Connection.RemoteIpAddress, door);

    /// <exception cref="RequestRefusedException">Forbidden: nobody is signed in (the doors require it; this is the second lock).</exception>
    public static Actor From(ClaimsPrincipal? user, IPAddress? clientAddress, Door door)
    {
        if (user?.Identity?.IsAuthenticated != true ||
            user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id ||
            !Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), out var role))
        {
            throw RequestRefusedException.Forbidden("sign in first");
        }

        return new Actor(id, user.Identity.Name ?? id, role, clientAddress, door);
    }
}
