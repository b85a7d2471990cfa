using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;

namespace Dashboard.Web.Features.Watches;

/// <summary>Watches' views as they change, for the hub's live stream: every watch first, then each changed one.</summary>
public sealed class WatchFollowers(WatchReads reads, WatchEvents events)
{
    /// <summary>Changes waiting for a slow reader; past it the oldest are merged away (the reader re-reads what changed).</summary>
    public const int MaxPendingChanges = 256;

    public async IAsyncEnumerable<WatchView> FollowAsync(Actor actor, string? group, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        actor.Require(Role.Viewer, "following watches");
        var changed = Channel.CreateBounded<IReadOnlyCollection<string>>(new BoundedChannelOptions(MaxPendingChanges) { FullMode = BoundedChannelFullMode.DropOldest });
        void Heard(IReadOnlyCollection<string> ids) => changed.Writer.TryWrite(ids);
        events.Changed += Heard;
        try
        {
            foreach (var view in await reads.ListAsync(actor, new WatchFilter(group), cancellationToken))
            {
                yield return view;
            }

            while (await changed.Reader.WaitToReadAsync(cancellationToken))
            {
                var ids = new HashSet<string>(StringComparer.Ordinal);
                while (changed.Reader.TryRead(out var batch))
                {
                    ids.UnionWith(batch);
                }

                foreach (var id in ids)
                {
                    WatchView? view;
                    try
                    {
                        view = await reads.GetAsync(actor, id, cancellationToken);
                    }
                    catch (RequestRefusedException e) when (e.Kind == ErrorKind.NotFound)
                    {
                        // Deleted: a view with no states tells the follower to drop it.
                        view = new WatchView(id, new WatchSpec(null), "", default, default, [], null, "deleted");
                    }

                    if (group is null || view.Spec.Group == group || view.Problem == "deleted")
                    {
                        yield return view;
                    }
                }
            }
        }
        finally
        {
            events.Changed -= Heard;
        }
    }
}
