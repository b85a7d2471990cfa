using Dashboard.Contracts.Probe;
using Dashboard.Web.Components.Support;

namespace Dashboard.Web.Features.Probe;

/// <summary>This browser session's recent probes (one per circuit), newest first.</summary>
public sealed class ProbeHistory() : RecentHistory<ProbeHistory.Entry>(50)
{
    /// <summary>A probe as it was asked and what it found.</summary>
    public sealed record Entry(ProbeRequest Request, ProbeResult Result);

    public void Add(ProbeRequest request, ProbeResult result) => Add(new Entry(request, result));
}
