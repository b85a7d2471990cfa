using System.Runtime.CompilerServices;
using Dashboard.Contracts.Scan;
using Dashboard.Sockets;
using Dashboard.Web.Features.Scan;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>
    /// Starts a scan and streams its batches. Closing the stream (or the connection) cancels the
    /// scan; a teammate can follow it with <see cref="WatchScan"/> using the first batch's id.
    /// </summary>
    public async IAsyncEnumerable<ScanBatch> Scan(ScanRequest request, ScanJobs jobs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ScanJob job;
        try
        {
            job = await jobs.StartAsync(request, Owner, cancellationToken);
        }
        catch (InvalidRequestException e)
        {
            throw new HubException(e.Message, e);
        }

        try
        {
            await foreach (var batch in job.WatchAsync(request.OpenOnly, jobs.Options.BatchSize,
                               TimeSpan.FromMilliseconds(jobs.Options.FlushIntervalMs), cancellationToken))
            {
                yield return batch;
            }
        }
        finally
        {
            job.Cancel("the stream that started it was closed");
        }
    }

    /// <summary>A running or recent scan: everything done so far, then live, until it finishes.</summary>
    public IAsyncEnumerable<ScanBatch> WatchScan(string scanId, ScanJobs jobs, CancellationToken cancellationToken)
    {
        var job = jobs.Get(scanId);
        return job.WatchAsync(job.Request.OpenOnly, jobs.Options.BatchSize, TimeSpan.FromMilliseconds(jobs.Options.FlushIntervalMs),
            cancellationToken);
    }

    /// <summary>Stops a scan; its watchers get a last batch with outcome <c>cancelled</c>.</summary>
    public void CancelScan(string scanId, ScanJobs jobs) => jobs.Get(scanId).Cancel("cancelled through the hub");

    /// <summary>Who is asking, until accounts exist: the client's address.</summary>
    private string Owner => $"hub client {Context.GetHttpContext()?.Connection.RemoteIpAddress}";
}
