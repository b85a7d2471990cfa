using System.Net;
using Dashboard.Sockets.Targets;
using Microsoft.Extensions.Options;

namespace Dashboard.Agent;

/// <summary>
/// What this agent's owner allows, whatever the dashboard asks: target addresses (checked on the
/// address resolved here), target ports, listener ports. Refusals are <c>forbidden</c> in the error model.
/// A UDP listener's reply is a send like any other: it goes only to an allowed target.
/// </summary>
public sealed class AgentPolicy : Dashboard.Sockets.Listeners.IListenerReplyPolicy
{
    private readonly List<IPNetwork> _targets;
    private readonly HashSet<int> _ports;
    private readonly HashSet<int> _listenPorts;

    public AgentPolicy(IOptions<AgentOptions> options)
    {
        var o = options.Value;
        _targets = [.. Split(o.AllowTargets).Select(block => IPNetwork.TryParse(block, out var network)
            ? network
            : throw new OptionsValidationException(nameof(AgentOptions.AllowTargets), typeof(AgentOptions),
                [$"--allow-targets: '{block}' is not a CIDR block such as 10.0.0.0/8"]))];
        _ports = [.. PortSpec.Parse(o.AllowPorts)];
        _listenPorts = [.. PortSpec.Parse(o.ListenPorts)];
        if (Dashboard.Sockets.UnixSockets.UnixPathAllowance.Problem("--unix-dirs", o.UnixDirs) is { } unixProblem)
        {
            throw new OptionsValidationException(nameof(AgentOptions.UnixDirs), typeof(AgentOptions), [unixProblem]);
        }

        Summary = $"targets {o.AllowTargets}; ports {o.AllowPorts}; listen {o.ListenPorts}; unix {(o.UnixDirs is "" ? "none" : o.UnixDirs)}";
    }

    /// <summary>The policy in a line, told to the dashboard.</summary>
    public string Summary { get; }

    /// <exception cref="RequestRefusedException">Forbidden here.</exception>
    public void CheckTarget(IPAddress address, int port)
    {
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (!_targets.Any(n => n.Contains(mapped)))
        {
            throw RequestRefusedException.Forbidden($"this agent's owner does not allow {mapped}: its allowed targets are {Joined(_targets)} (--allow-targets)");
        }

        CheckPort(port);
    }

    /// <exception cref="RequestRefusedException">Forbidden here.</exception>
    public void CheckPort(int port)
    {
        if (!_ports.Contains(port))
        {
            throw RequestRefusedException.Forbidden($"this agent's owner does not allow port {port} (--allow-ports)");
        }
    }

    /// <exception cref="RequestRefusedException">Forbidden here.</exception>
    public void CheckListenPort(int port)
    {
        if (port != 0 && !_listenPorts.Contains(port))
        {
            throw RequestRefusedException.Forbidden($"this agent's owner does not allow listening on port {port} (--listen-ports)");
        }
    }

    /// <summary>Why a listener's reply to <paramref name="destination"/> (a datagram's claimed source) may not go, or null.</summary>
    public ValueTask<string?> RefusalAsync(string owner, IPEndPoint destination, CancellationToken cancellationToken)
    {
        try
        {
            CheckTarget(destination.Address, destination.Port);
            return ValueTask.FromResult<string?>(destination.Port == 0 ? $"the source port of {destination.Address} is 0, which no reply can reach" : null);
        }
        catch (RequestRefusedException e)
        {
            return ValueTask.FromResult<string?>($"{e.Message}, so {destination} gets no reply");
        }
    }

    private static string Joined(List<IPNetwork> networks) => string.Join(",", networks);

    private static string[] Split(string text) => text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
