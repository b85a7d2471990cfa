namespace Dashboard.Sockets.Udp;

/// <summary>A validated UDP send: the payload's bytes and the bounds it runs within.</summary>
internal sealed record UdpSendPlan(string Host, int Port, byte[] Payload, int Count, int IntervalMs, int WaitReplyMs);
