using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Web.Access;

/// <summary>
/// The actor of one Blazor circuit. The client's address is taken when the circuit connects: later,
/// inside the circuit, there is no request to read it from.
/// </summary>
public sealed class UiActor
{
    private IPAddress? _clientAddress;

    public Actor Current => Actors.For(_clientAddress, Door.Ui);

    /// <summary>Captures the address of the connection that carries the circuit.</summary>
    internal sealed class AddressCapture(UiActor actor, IHttpContextAccessor accessor) : CircuitHandler
    {
        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            actor._clientAddress = accessor.HttpContext?.Connection.RemoteIpAddress ?? actor._clientAddress;
            return Task.CompletedTask;
        }
    }
}
