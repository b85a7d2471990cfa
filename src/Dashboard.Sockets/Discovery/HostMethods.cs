namespace Dashboard.Sockets.Discovery;

/// <summary>The words <see cref="Contracts.Scan.HostResult.Method"/> takes: what decided that a host is up or down.</summary>
public static class HostMethods
{
    public const string TcpConnect = "tcp-connect";
    public const string TcpRefused = "tcp-refused";
    public const string IcmpEcho = "icmp-echo";
    public const string Arp = "arp";
    public const string NoRoute = "no-route";
    public const string HostUnreachable = "host-unreachable";
    public const string NoResponse = "no-response";
    public const string UserSet = "user-set";
}
