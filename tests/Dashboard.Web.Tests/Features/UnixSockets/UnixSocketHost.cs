namespace Dashboard.Web.Tests.Features.UnixSockets;

/// <summary>A dashboard that allows the Unix socket lab's <c>allowed/</c> directory.</summary>
public sealed class UnixSocketHost : IAsyncLifetime
{
    public UnixSocketLab Lab { get; } = new();

    public DashboardHost Host { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Host = DashboardHost.With(new() { ["Policy:UnixSockets:AllowedDirectories"] = Lab.Allowed });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Lab.Dispose();
    }
}
