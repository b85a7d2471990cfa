using System.Runtime.CompilerServices;
using Dashboard.Contracts.Agents;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets.Scanning;
using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Agents.Link;

/// <summary>A scan at an agent: planned there, run on the plan the services left, its streamed results taken only as far as they answer it.</summary>
public sealed partial class RemoteVantagePoint
{
    public async Task<ScanPlan> PlanScanAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        RequireCheckedScans();
        var planned = await CallAsync<AgentScanPlan>(AgentCommandKind.PlanScan, request with { From = null }, cancellationToken);
        return AgentScanPlans.Accept(name, request, planned, scanBounds);
    }

    /// <summary>Sends the plan as the services left it (addresses and ports) and yields only results that answer it.</summary>
    /// <exception cref="VantageMisbehavedException">The agent sent results outside the plan: they were dropped, and the scan stopped.</exception>
    public async IAsyncEnumerable<ScanEvent> ScanAsync(ScanPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RequireCheckedScans();
        var guard = new AgentScanGuard(plan);
        var pending = await link.SendAsync(AgentCommandKind.RunScan, AgentScanPlans.Order(plan), streams: true, cancellationToken);
        var reader = pending.Chunks!.Reader;
        try
        {
            while (await WaitAsync(reader, cancellationToken))
            {
                while (reader.TryRead(out var chunk))
                {
                    foreach (var item in guard.Take(chunk))
                    {
                        yield return item;
                    }

                    if (guard.Dropped > 0)
                    {
                        AgentHubLog.BrokePlan(logger, agentId, name, guard.Dropped, guard.FirstProblem ?? "");
                        throw new VantageMisbehavedException(guard.Reason(name));
                    }
                }
            }
        }
        finally
        {
            if (!pending.Reply.Task.IsCompleted)
            {
                await link.CancelAsync(pending.Id);
            }
        }
    }

    // An agent that does not say it runs checked plans would resolve the names again: no scan is sent to it.
    private void RequireCheckedScans()
    {
        RequireConnected();
        var hello = link.Hello;
        if (hello?.Capabilities?.Contains(AgentCapabilities.CheckedScans) != true)
        {
            throw RequestRefusedException.Conflict(
                $"from: agent {name} (version {AgentText.Clean(hello?.Version ?? "unknown", AgentText.MaxName)}) is too old to scan for this dashboard: it would resolve the targets' names again after the dashboard checked them; upgrade the agent");
        }
    }

    // The chunks until the agent's reply; a refusal or loss that ends them is the reply's to report.
    private static async Task ReadChunksAsync(PendingCommand pending, Func<AgentScanChunk, ValueTask> onChunk, CancellationToken cancellationToken)
    {
        var reader = pending.Chunks!.Reader;
        while (await MoreAsync(reader, cancellationToken))
        {
            while (reader.TryRead(out var chunk))
            {
                await onChunk(chunk);
            }
        }
    }

    private static async Task<bool> MoreAsync(System.Threading.Channels.ChannelReader<AgentScanChunk> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is System.Threading.Channels.ChannelClosedException or RequestRefusedException or VantageLostException)
        {
            return false;
        }
    }

    // A scan's stream ends with the agent's refusal or with the agent lost, whichever way the channel reports it.
    private static async Task<bool> WaitAsync(System.Threading.Channels.ChannelReader<AgentScanChunk> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (System.Threading.Channels.ChannelClosedException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
