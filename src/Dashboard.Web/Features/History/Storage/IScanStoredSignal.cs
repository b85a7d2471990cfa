namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// Told each time the journal has stored more of a scan (a batch, or its end), so that followers of the stored scan
/// elsewhere (other instances' mirrors) read it at once rather than at their next look. With one instance nobody
/// follows and nothing is done.
/// </summary>
public interface IScanStoredSignal
{
    void Stored(string scanId);
}

internal sealed class NoScanStoredSignal : IScanStoredSignal
{
    public void Stored(string scanId)
    {
    }
}
