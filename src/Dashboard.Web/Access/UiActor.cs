using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Web.Access;

/// <summary>
/// The actor of one Blazor circuit: the signed-in user and the client's address, taken when the
/// circuit connects (inside the circuit there is no request to read them from).
/// </summary>
public sealed class UiActor(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal? _user;
    private IPAddress? _clientAddress;

    // Before the circuit (the prerendering request) the request itself says who it is.
    private ClaimsPrincipal? User => _user ?? accessor.HttpContext?.User;

    /// <exception cref="RequestRefusedException">Nobody signed in on this circuit.</exception>
    public Actor Current => Actors.From(User, _clientAddress ?? accessor.HttpContext?.Connection.RemoteIpAddress, Door.Ui);

    /// <summary>The role, or null when nobody is signed in: for showing only the buttons that will work.</summary>
    public Role? Role => User?.Identity?.IsAuthenticated == true && Enum.TryParse<Role>(User.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    /// <summary>True when the actor's role is at least <paramref name="role"/>.</summary>
    public bool Can(Role role) => Role >= role;

    public string? Name => User?.Identity?.Name;

    /// <summary>Why this circuit's sign-in ended while it was open (disabled, signed out, password changed); null otherwise.</summary>
    public string? EndedBecause { get; private set; }

    /// <summary>Cancelling or closing: Admins anyone's, Operators their own. The services decide; this only hides what would be refused.</summary>
    public bool CanManage(string owner) => Role == Access.Role.Admin || (Role == Access.Role.Operator && string.Equals(owner, Name, StringComparison.Ordinal));

    /// <summary>
    /// The circuit's user as they are now (<see cref="PresentAuthenticationState"/> calls it before the pages re-render):
    /// the present role, or nobody and why.
    /// </summary>
    internal void Follow(ClaimsPrincipal user, string? endedBecause) => (_user, EndedBecause) = (user, endedBecause);

    /// <summary>Who this circuit acts for; the circuit handler calls it, and so do component tests.</summary>
    public void Use(ClaimsPrincipal user, IPAddress? clientAddress) => (_user, _clientAddress) = (user, clientAddress);

    /// <summary>
    /// Takes the user from the circuit's authentication state (set from the connection's sign-in before
    /// any handler or component runs), and the address from the connection's request when it can be
    /// read: inside a circuit <see cref="IHttpContextAccessor"/> is not dependable, the state is.
    /// </summary>
    internal sealed class Capture(UiActor actor, AuthenticationStateProvider authentication, IHttpContextAccessor accessor) : CircuitHandler
    {
        public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            var state = await authentication.GetAuthenticationStateAsync();
            actor.Use(state.User, accessor.HttpContext?.Connection.RemoteIpAddress ?? actor._clientAddress);
        }
    }
}
