using Dashboard.Sockets.Probing;
using Microsoft.Extensions.Options;

namespace Dashboard.Sockets.Tests.Support;

public static class Engine
{
    public static TcpProber Prober(int maxTimeoutMs = 30_000) =>
        new(Options.Create(new ProbeOptions { MaxTimeoutMs = maxTimeoutMs }), TimeProvider.System);

    public static TheoryData<string> LoopbackAddresses => new("127.0.0.1", "::1");
}
