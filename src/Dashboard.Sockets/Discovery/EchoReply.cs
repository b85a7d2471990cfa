using System.Net;

namespace Dashboard.Sockets.Discovery;

/// <summary>An answer a discovery method got from one address.</summary>
/// <param name="Address">Who answered.</param>
/// <param name="RttMs">From the request that was answered to its answer.</param>
/// <param name="Detail">What answered, for the host result (<c>ping socket</c>, <c>raw socket</c>, a MAC address).</param>
public readonly record struct EchoReply(IPAddress Address, double RttMs, string Detail);
