using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Dashboard.Contracts.Agents;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace Dashboard.Agent;

/// <summary>
/// The agent's connection out to the dashboard: connect with the token, say hello, heartbeat, take
/// commands; when it drops, stop everything running (the dashboard marks it interrupted) and
/// connect again after a growing, jittered wait.
/// </summary>
public sealed class AgentLink(IOptions<AgentOptions> options, AgentPolicy policy, CommandRunner runner, AgentListeners listeners,
    AgentHealthFile health, ILogger<AgentLink> logger) : BackgroundService
{
    private static readonly string Version = typeof(AgentLink).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static readonly string[] Capabilities = ["probe", "scan", "udp", "listen", "tcp-send", AgentCapabilities.CheckedScans, AgentCapabilities.ListenerSend,
        AgentCapabilities.Tls, AgentCapabilities.UnixSockets, AgentCapabilities.UnixListen, AgentCapabilities.Identify, AgentCapabilities.Trace,
        AgentCapabilities.TraceUdp];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = listeners.RunExpiryAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(() => failures = 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                AgentLog.ConnectFailed(logger, options.Value.Server, e.Message);
            }
            finally
            {
                health.Clear();
                await runner.AbandonAllAsync("the agent's connection to the dashboard dropped");
            }

            failures++;
            var wait = Backoff(failures, options.Value.MaxReconnectSeconds);
            AgentLog.Reconnecting(logger, wait.TotalSeconds);
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>0.5 s, 1 s, 2 s, … up to the cap, each ±20 %: agents that lost one dashboard do not all come back in the same instant.</summary>
    public static TimeSpan Backoff(int failures, int maxSeconds)
    {
        var seconds = Math.Min(maxSeconds, 0.5 * Math.Pow(2, Math.Min(failures - 1, 16)));
        return TimeSpan.FromSeconds(seconds * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    private async Task RunOnceAsync(Action connected, CancellationToken stoppingToken)
    {
        var o = options.Value;
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(o.Server.TrimEnd('/') + "/"), AgentHubRoutes.Path.TrimStart('/')), http =>
            {
                http.AccessTokenProvider = () => Task.FromResult<string?>(o.Token);
                http.Transports = HttpTransportType.WebSockets;
                http.SkipNegotiation = true;
            })
            .Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        connection.On<AgentCommand>(AgentHubRoutes.Run, command => runner.Accept(connection, command));
        connection.On<string>(AgentHubRoutes.Cancel, runner.Cancel);

        await connection.StartAsync(stoppingToken);
        var hello = new AgentHello(o.Name, Version, Addresses(), Capabilities, policy.Summary, o.MaxCommands);
        var welcome = await connection.InvokeAsync<AgentWelcome>(AgentHubRoutes.Hello, hello, stoppingToken);
        // An older dashboard would drop results sent in columns: only one that says it reads them gets them.
        runner.CompactScanChunks = welcome.Features?.Contains(AgentFeatures.CompactScanChunks) == true;
        runner.TraceHopChunks = welcome.Features?.Contains(AgentFeatures.TraceHopChunks) == true;
        connected();
        health.Touch();
        AgentLog.Connected(logger, o.Server, welcome.Name, welcome.AgentId);

        using var beating = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(connection, TimeSpan.FromSeconds(Math.Max(1, welcome.HeartbeatSeconds)), beating.Token);
        var why = await closed.Task.WaitAsync(stoppingToken);
        await beating.CancelAsync();
        await heartbeat;
        AgentLog.Disconnected(logger, why?.Message ?? "closed by the dashboard");
    }

    private async Task HeartbeatAsync(HubConnection connection, TimeSpan every, CancellationToken cancellationToken)
    {
        double? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                await connection.InvokeAsync(AgentHubRoutes.Heartbeat, new AgentHeartbeat(DateTimeOffset.UtcNow, last, runner.Running), cancellationToken);
                health.Touch();
                last = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
                await Task.Delay(every, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or Microsoft.AspNetCore.SignalR.HubException)
            {
                // The connection is going away; Closed ends the session.
                return;
            }
        }
    }

    /// <summary>This machine's (this namespace's) addresses, loopback left out: where other vantage points may reach it.</summary>
    public static IReadOnlyList<string> Addresses() =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus != OperationalStatus.Down && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !System.Net.IPAddress.IsLoopback(a) && (a.AddressFamily == AddressFamily.InterNetwork || !a.IsIPv6LinkLocal))
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .Select(a => a.ToString())
            .Distinct()
            .Take(32)];
}
