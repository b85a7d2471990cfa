using Dashboard.Sockets;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Probing;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Udp;

namespace Dashboard.Web.Hosting;

/// <summary>The socket engine inside the dashboard host.</summary>
public static class SocketsHostingExtensions
{
    /// <summary>Adds the engine with its options bound to <c>Sockets:*</c> and validated at start.</summary>
    public static WebApplicationBuilder AddSockets(this WebApplicationBuilder builder)
    {
        builder.Services.AddSocketEngine().BindConfiguration(ProbeOptions.Section);
        builder.Services.AddOptions<ScanOptions>().BindConfiguration(ScanOptions.Section);
        builder.Services.AddOptions<UdpOptions>().BindConfiguration(UdpOptions.Section);
        builder.Services.AddOptions<Sockets.Tls.TlsOptions>().BindConfiguration(Sockets.Tls.TlsOptions.Section);
        builder.Services.AddOptions<ListenerOptions>().BindConfiguration(ListenerOptions.Section);
        return builder;
    }
}
