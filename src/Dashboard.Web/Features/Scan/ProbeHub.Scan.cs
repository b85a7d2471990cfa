using System.Runtime.CompilerServices;
using System.Text.Json;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>
    /// Starts a scan (<c>ScanRequest</c>) and streams its batches. The scan belongs to the server: closing the stream
    /// (or the connection) stops the stream, not the scan, which runs on until it completes, hits its time limit or is
    /// cancelled with <see cref="CancelScan"/>; <see cref="WatchScan"/> with the first batch's id follows it again.
    /// </summary>
    public async IAsyncEnumerable<ScanBatch> Scan(JsonElement request, ScanService scans,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = Actor;
        ScanRequest? scan;
        ScanJob job;
        try
        {
            scan = WireJson.Bind<ScanRequest>(request);
            job = await scans.StartAsync(actor, scan, cancellationToken);
        }
        catch (RequestRefusedException e)
        {
            // A stream's body runs after the hub filters have returned: refusals are rendered here.
            throw Refused(e, nameof(Scan));
        }

        await foreach (var batch in scans.WatchAsync(actor, job, scan!.OpenOnly, scan.Compact, cancellationToken))
        {
            yield return batch;
        }
    }

    /// <summary>A running or recent scan: everything done so far, then live, until it finishes.</summary>
    public IAsyncEnumerable<ScanBatch> WatchScan(string scanId, ScanService scans, CancellationToken cancellationToken)
    {
        var job = scans.Get(Actor, scanId);
        return scans.WatchAsync(Actor, job, job.Request.OpenOnly, cancellationToken);
    }

    /// <summary>Stops a scan (its owner or an Admin); its watchers get a last batch with outcome <c>cancelled</c>.</summary>
    public void CancelScan(string scanId, ScanService scans) => scans.Cancel(Actor, scanId);
}
