using Dashboard.Web.Features.History;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Persistence;

/// <summary>The history's tables: one row per item, its results and events in compressed chunks.</summary>
internal static class HistoryModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<HistoryItem>(item =>
        {
            item.ToTable("HistoryItems");
            item.HasKey(i => i.Id);
            item.Property(i => i.Id).HasMaxLength(32);
            item.Property(i => i.Kind).HasMaxLength(16);
            item.Property(i => i.Owner).HasMaxLength(256);
            item.Property(i => i.OwnerId).HasMaxLength(450);
            item.Property(i => i.State).HasMaxLength(16);
            item.Property(i => i.Instance).HasMaxLength(ScaleOut.InstanceLease.MaxNameLength);
            item.Property(i => i.Target).HasMaxLength(HistoryItem.MaxTargetLength);
            item.Ignore(i => i.StartedAt);
            item.Ignore(i => i.EndedAt);
            // The page's filters, each with the time so the newest come first without sorting the table.
            item.HasIndex(i => i.StartedAtMs);
            item.HasIndex(i => new { i.Kind, i.StartedAtMs });
            item.HasIndex(i => new { i.Owner, i.StartedAtMs });
            item.HasIndex(i => i.State);
        });
        builder.Entity<HistoryChunk>(chunk =>
        {
            chunk.ToTable("HistoryChunks");
            chunk.HasKey(c => new { c.ItemId, c.Stream, c.Seq });
            chunk.Property(c => c.ItemId).HasMaxLength(32);
            chunk.HasOne<HistoryItem>().WithMany().HasForeignKey(c => c.ItemId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
