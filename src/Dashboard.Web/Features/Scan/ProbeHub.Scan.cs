using System.Runtime.CompilerServices;
using System.Text.Json;
using Dashboard.Contracts.Scan;
using Dashboard.Web.Errors;
using Dashboard.Web.Features.Scan;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>
    /// Starts a scan (<c>ScanRequest</c>) and streams its batches. Closing the stream (or the connection)
    /// cancels the scan; a teammate can follow it with <see cref="WatchScan"/> using the first batch's id.
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

        try
        {
            await foreach (var batch in scans.WatchAsync(actor, job, scan!.OpenOnly, scan.Compact, cancellationToken))
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
    public IAsyncEnumerable<ScanBatch> WatchScan(string scanId, ScanService scans, CancellationToken cancellationToken)
    {
        var job = scans.Get(Actor, scanId);
        return scans.WatchAsync(Actor, job, job.Request.OpenOnly, cancellationToken);
    }

    /// <summary>Stops a scan (its owner or an Admin); its watchers get a last batch with outcome <c>cancelled</c>.</summary>
    public void CancelScan(string scanId, ScanService scans) => scans.Cancel(Actor, scanId);
}
