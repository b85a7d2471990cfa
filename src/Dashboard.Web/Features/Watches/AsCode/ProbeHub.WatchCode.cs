using Dashboard.Contracts.Watches;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Features.Watches.AsCode;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>The watches of <paramref name="group"/> (all when null) as YAML, as <c>GET /api/watches/export</c> writes them.</summary>
    public async Task<string> ExportWatches(string? group, WatchReads reads, IOptions<WatchOptions> options) =>
        WatchYaml.Write((await reads.ListAsync(Actor, new WatchFilter(group), Context.ConnectionAborted)).Select(v => v.Spec), options.Value);

    /// <summary>Applies a YAML document by name, as <c>POST /api/watches/import</c> does; a document in error is refused with its first problem.</summary>
    public Task<WatchImportResult> ImportWatches(string yaml, bool dryRun, bool prune, WatchImport import) =>
        import.ImportAsync(Actor, yaml ?? "", dryRun, prune, Context.ConnectionAborted);
}
