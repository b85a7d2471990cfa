namespace Dashboard.Contracts.Agents;

/// <summary>
/// The agents' hub: where agents connect out to (never users), and the method names of the protocol
/// between the dashboard and an agent. The dashboard sends commands; the agent answers and streams back.
/// </summary>
public static class AgentHubRoutes
{
    /// <summary>The hub's path on the dashboard.</summary>
    public const string Path = "/hubs/agents";

    /// <summary>Agent → dashboard, first: <c>Task&lt;AgentWelcome&gt; Hello(AgentHello)</c>.</summary>
    public const string Hello = "Hello";

    /// <summary>Agent → dashboard: <c>Task Heartbeat(AgentHeartbeat)</c>, every few seconds.</summary>
    public const string Heartbeat = "Heartbeat";

    /// <summary>Agent → dashboard: <c>Task Complete(AgentReply)</c>, the answer to a command.</summary>
    public const string Complete = "Complete";

    /// <summary>Agent → dashboard: <c>Task ScanChunk(AgentScanChunk)</c>, results of a running scan command (and a trace's hops as they come).</summary>
    public const string ScanChunk = "ScanChunk";

    /// <summary>Agent → dashboard: <c>Task ListenerUpdate(AgentListenerUpdate)</c>, a listener's new events and counters.</summary>
    public const string ListenerUpdate = "ListenerUpdate";

    /// <summary>Dashboard → agent: <c>Run(AgentCommand)</c>; the agent answers with <see cref="Complete"/>.</summary>
    public const string Run = "Run";

    /// <summary>Dashboard → agent: <c>Cancel(commandId)</c> stops a running command (a scan).</summary>
    public const string Cancel = "Cancel";
}
