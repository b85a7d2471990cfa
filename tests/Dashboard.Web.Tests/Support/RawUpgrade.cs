using System.Net.Sockets;
using System.Text;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// A WebSocket upgrade request written by hand, to read all of a refusal: its status, <c>Retry-After</c> and
/// problem body (a WebSocket client gives only the status). The server closes the connection after a refusal.
/// </summary>
internal static class RawUpgrade
{
    public static async Task<(int Status, string? RetryAfter, string Body)> SendAsync(Uri baseAddress, string path, string token, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellationToken);
        var stream = client.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                      $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer {token}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        var response = await reader.ReadToEndAsync(deadline.Token);
        var head = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var retryAfter = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Retry-After:", StringComparison.OrdinalIgnoreCase))?["Retry-After:".Length..].Trim();
        var body = response.IndexOf('{', StringComparison.Ordinal) is >= 0 and var start ? response[start..(response.LastIndexOf('}') + 1)] : "";
        return (status, retryAfter, body);
    }
}
