using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dashboard.E2E.Tests.Support;

/// <summary>A loopback server that speaks first, as sshd or an SMTP server does, to every connection; stopped on dispose.</summary>
public sealed class BannerServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public BannerServer(string banner)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _serving = ServeAsync(Encoding.ASCII.GetBytes(banner));
    }

    public int Port { get; }

    private async Task ServeAsync(byte[] banner)
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptSocketAsync(_stop.Token);
                await GreetAsync(client, banner);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    // A scan's connect is reset as soon as it is accepted: that client's error must not end the server for the next one.
    private async Task GreetAsync(Socket client, byte[] banner)
    {
        try
        {
            await client.SendAsync(banner, SocketFlags.None, _stop.Token);
            client.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }
}
