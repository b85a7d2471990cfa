using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Dashboard.Web.Limits;

/// <summary>
/// Kestrel's socket transport, accepting only while fewer connections are open than Kestrel may hold
/// (<see cref="DescriptorPlan.MaxConnections"/> + <see cref="DescriptorPlan.MaxUpgradedConnections"/>).
/// Kestrel's own connection cap closes a connection past it only after accepting it, on the thread pool; in a
/// flood on a busy machine hundreds wait for that, each holding a descriptor. Not accepting keeps the excess
/// in the kernel's accept queue, where it holds none, and takes it in turn as connections close.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "Never disposed on purpose: a SemaphoreSlim holds no handle unless its wait handle is asked for, and connections torn down late in a shutdown still give their slot back after the host disposed its singletons.")]
internal sealed class AcceptGate(SocketTransportFactory sockets, DescriptorPlan plan) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    /// <summary>Shared by every endpoint: the cap is the process's.</summary>
    private readonly SemaphoreSlim _slots = new(plan.MaxConnections + plan.MaxUpgradedConnections);

    /// <summary>Connections accepted and not yet closed.</summary>
    public int Open => plan.MaxConnections + plan.MaxUpgradedConnections - _slots.CurrentCount;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new Listener(await sockets.BindAsync(endpoint, cancellationToken), _slots);

    public bool CanBind(EndPoint endpoint) => sockets.CanBind(endpoint);

    private sealed class Listener(IConnectionListener inner, SemaphoreSlim slots) : IConnectionListener
    {
        private readonly CancellationTokenSource _unbinding = new();

        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbinding.Token);
            try
            {
                await slots.WaitAsync(stop.Token);
            }
            catch (OperationCanceledException) when (_unbinding.IsCancellationRequested)
            {
                // Unbound while waiting for a slot: no more connections, as the inner listener would say.
                return null;
            }

            ConnectionContext? connection;
            try
            {
                connection = await inner.AcceptAsync(cancellationToken);
            }
            catch
            {
                slots.Release();
                throw;
            }

            if (connection is null)
            {
                slots.Release();
                return null;
            }

            return new CountedConnection(connection, slots);
        }

        public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            await _unbinding.CancelAsync();
            await inner.UnbindAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            _unbinding.Dispose();
        }
    }
}
