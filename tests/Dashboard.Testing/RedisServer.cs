namespace Dashboard.Tests.Support;

/// <summary>
/// A real redis-server for the scale-out tests, started by <c>tests/redis.sh</c> (Debian's package, a loopback port,
/// nothing saved) and stopped at the end. Missing Redis fails the tests that need it, with how to install it; it never skips them.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly ScriptedServer _server = new("redis.sh");
    private string? _address;

    /// <summary><c>127.0.0.1:PORT</c>, as <c>ScaleOut:Redis</c> takes it.</summary>
    public string Address => _address ?? throw new InvalidOperationException("redis-server did not start");

    public async ValueTask InitializeAsync() => _address = await _server.StartAsync(CancellationToken.None);

    public async ValueTask DisposeAsync() => await _server.StopAsync(CancellationToken.None);
}
