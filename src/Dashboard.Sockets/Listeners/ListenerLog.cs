using Microsoft.Extensions.Logging;

namespace Dashboard.Sockets.Listeners;

/// <summary>One line per listener opened and stopped; never per connection or datagram.</summary>
internal static partial class ListenerLog
{
    [LoggerMessage(EventId = 3001, EventName = "ListenerOpened", Level = LogLevel.Information,
        Message = "Listener {ListenerId} opened by {Owner}: {Protocol} on {LocalEndPoint}, reply {Reply}, TTL {TtlSeconds} s")]
    public static partial void Opened(ILogger logger, string listenerId, string owner, Contracts.Listeners.ListenerProtocol protocol, string localEndPoint, Contracts.Listeners.ReplyMode reply, double ttlSeconds);

    [LoggerMessage(EventId = 3002, EventName = "ListenerStopped", Level = LogLevel.Information,
        Message = "Listener {ListenerId} stopped ({Reason}): {Connections} connections, {Datagrams} datagrams, {Bytes} bytes, {Dropped} events dropped from history")]
    public static partial void Stopped(ILogger logger, string listenerId, string reason, long connections, long datagrams, long bytes, long dropped);
}
