using Dashboard.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hub;

/// <summary>Tells every hub client that the server is stopping, before its connections close.</summary>
internal sealed class ShutdownNotice(IHubContext<ProbeHub, IProbeClient> hub, IHostApplicationLifetime lifetime) : IHostedService
{
    public const string Message = "the server is shutting down: running scans end interrupted and listeners close";

    private static readonly TimeSpan MostWait = TimeSpan.FromSeconds(2);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // SignalR closes its connections when the application starts stopping; a callback registered
        // after its own runs before it (callbacks run newest first). Bounded: shutdown must not hang on a client.
        lifetime.ApplicationStopping.Register(() => hub.Clients.All.ServerStopping(Message).Wait(MostWait));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
