using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Once the server listens, says in the log when the host names it answers to do not fit where it
/// listens: exposed beyond loopback with no <c>AllowedHosts</c> besides loopback names (browsers
/// elsewhere get 400), or <c>AllowedHosts</c> of <c>*</c> (no protection against DNS rebinding).
/// </summary>
internal sealed class ExposureCheck(IServer server, AllowedHostNames hosts, IHostApplicationLifetime lifetime, ILogger<ExposureCheck> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Check);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check()
    {
        if (hosts.AllowsAny)
        {
            SecurityLog.AnyHostAllowed(logger);
            return;
        }

        var exposed = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Where(a => !AllowedHostNames.IsLoopback(BindingAddress.Parse(a).Host))
            .ToList();
        if (exposed.Count > 0 && hosts.Patterns.All(AllowedHostNames.IsLoopback))
        {
            SecurityLog.ExposedWithoutHostNames(logger, string.Join(", ", exposed));
        }
    }
}
