using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Watches.Storage;

/// <summary>The watches' tables (Quartz keeps its own <c>qrtz_</c> tables, made by Quartz).</summary>
public static class WatchModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<WatchRecord>(watch =>
        {
            watch.ToTable("Watches");
            watch.HasKey(w => w.Id);
            watch.Property(w => w.Id).HasMaxLength(32);
            watch.Property(w => w.Name).HasMaxLength(WatchRecord.MaxNameLength);
            watch.HasIndex(w => w.Name).IsUnique();
            watch.Property(w => w.Group).HasMaxLength(WatchRecord.MaxGroupLength);
            watch.HasIndex(w => w.Group);
            watch.Property(w => w.Kind).HasMaxLength(8);
            watch.Property(w => w.OwnerId).HasMaxLength(450);
            watch.HasIndex(w => w.OwnerId);
            watch.Property(w => w.OwnerName).HasMaxLength(256);
            watch.Property(w => w.SpecJson).HasMaxLength(16_384);
            watch.Property(w => w.Problem).HasMaxLength(512);
        });
        builder.Entity<WatchStateRow>(state =>
        {
            state.ToTable("WatchStates");
            state.HasKey(s => new { s.WatchId, s.Vantage });
            state.Property(s => s.WatchId).HasMaxLength(32);
            state.Property(s => s.Vantage).HasMaxLength(64);
            state.Property(s => s.VantageName).HasMaxLength(64);
            state.Property(s => s.Status).HasMaxLength(16);
            state.Property(s => s.LastReason).HasMaxLength(WatchRunRow.MaxReasonLength);
        });
        builder.Entity<WatchRunRow>(run =>
        {
            run.ToTable("WatchRuns");
            run.HasKey(r => r.Id);
            run.Property(r => r.Id).ValueGeneratedOnAdd();
            run.Property(r => r.WatchId).HasMaxLength(32);
            run.Property(r => r.Vantage).HasMaxLength(64);
            run.Property(r => r.Outcome).HasMaxLength(16);
            run.Property(r => r.Reason).HasMaxLength(WatchRunRow.MaxReasonLength);
            run.HasIndex(r => new { r.WatchId, r.AtMs });
            run.HasIndex(r => r.AtMs);
        });
        builder.Entity<WatchIncidentRow>(incident =>
        {
            incident.ToTable("WatchIncidents");
            incident.HasKey(i => i.Id);
            incident.Property(i => i.Id).ValueGeneratedOnAdd();
            incident.Property(i => i.WatchId).HasMaxLength(32);
            incident.Property(i => i.WatchName).HasMaxLength(WatchRecord.MaxNameLength);
            incident.Property(i => i.Group).HasMaxLength(WatchRecord.MaxGroupLength);
            incident.Property(i => i.Vantage).HasMaxLength(64);
            incident.Property(i => i.Cause).HasMaxLength(WatchRunRow.MaxReasonLength);
            incident.Property(i => i.Notified).HasMaxLength(512);
            incident.HasIndex(i => new { i.WatchId, i.StartedAtMs });
            incident.HasIndex(i => i.StartedAtMs);
        });
        builder.Entity<WatchHourRow>(hour =>
        {
            hour.ToTable("WatchHours");
            hour.HasKey(h => new { h.WatchId, h.Vantage, h.HourMs });
            hour.Property(h => h.WatchId).HasMaxLength(32);
            hour.Property(h => h.Vantage).HasMaxLength(64);
            hour.HasIndex(h => h.HourMs);
        });
        builder.Entity<StatusPageRow>(page =>
        {
            page.ToTable("StatusPages");
            page.HasKey(p => p.Group);
            page.Property(p => p.Group).HasMaxLength(WatchRecord.MaxGroupLength);
            page.Property(p => p.TokenHash).HasMaxLength(64);
            page.HasIndex(p => p.TokenHash).IsUnique();
            page.Property(p => p.ProtectedToken).HasMaxLength(1024);
        });
    }
}
