using System.Text.Json;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>Every watch with its state at each vantage point (<c>WatchView[]</c>), optionally of one group.</summary>
    public Task<IReadOnlyList<WatchView>> ListWatches(string? group, WatchReads reads) =>
        reads.ListAsync(Actor, new WatchFilter(group), Context.ConnectionAborted);

    /// <summary>Every watch (of <paramref name="group"/>, or all), then each one again whenever its state or spec changes; a deleted one comes with problem "deleted".</summary>
    public IAsyncEnumerable<WatchView> FollowWatches(string? group, WatchFollowers followers, CancellationToken cancellationToken) =>
        followers.FollowAsync(Actor, group, cancellationToken);

    /// <summary>Makes a watch (<c>WatchSpec</c> → <c>WatchView</c>).</summary>
    public Task<WatchView> CreateWatch(JsonElement spec, WatchService watches) =>
        watches.CreateAsync(Actor, WireJson.Bind<WatchSpec>(spec), Context.ConnectionAborted);

    /// <summary>Replaces a watch's spec.</summary>
    public Task<WatchView> UpdateWatch(string watchId, JsonElement spec, WatchService watches) =>
        watches.UpdateAsync(Actor, watchId, WireJson.Bind<WatchSpec>(spec), Context.ConnectionAborted);

    /// <summary>Deletes a watch.</summary>
    public Task<WatchView> DeleteWatch(string watchId, WatchService watches) => watches.DeleteAsync(Actor, watchId, Context.ConnectionAborted);

    /// <summary>Pauses (true) or resumes (false) a watch.</summary>
    public Task<WatchView> PauseWatch(string watchId, bool paused, WatchService watches) =>
        watches.SetPausedAsync(Actor, watchId, paused, Context.ConnectionAborted);

    /// <summary>Runs a watch once now.</summary>
    public Task<WatchView> RunWatchNow(string watchId, WatchService watches) => watches.RunNowAsync(Actor, watchId, Context.ConnectionAborted);

    /// <summary>Runs a spec once without saving it (<c>WatchOutcome[]</c>).</summary>
    public Task<IReadOnlyList<WatchOutcome>> PreviewWatch(JsonElement spec, WatchService watches) =>
        watches.PreviewAsync(Actor, WireJson.Bind<WatchSpec>(spec), Context.ConnectionAborted);
}
