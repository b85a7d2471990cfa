using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Persistence;

/// <summary>
/// The dashboard's database: users (ASP.NET Core Identity), API tokens, the audit trail. One model for every provider;
/// each provider has its own subclass only so that its migrations live apart.
/// </summary>
public abstract class DashboardDb(DbContextOptions options) : IdentityDbContext<DashboardUser>(options),
    Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    /// <summary>Append-only: the application adds rows and never updates or deletes them.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The target policy's rules that Admins add (built-in ones come from configuration).</summary>
    public DbSet<Features.Policy.PolicyRuleRow> PolicyRules => Set<Features.Policy.PolicyRuleRow>();
    /// <summary>Probes, scans, UDP sends and listener sessions, kept until retention removes them.</summary>
    public DbSet<Features.History.HistoryItem> HistoryItems => Set<Features.History.HistoryItem>();

    public DbSet<Features.History.HistoryChunk> HistoryChunks => Set<Features.History.HistoryChunk>();
    /// <summary>Agents and their hashed tokens (Features/Agents).</summary>
    public DbSet<Features.Agents.AgentRecord> Agents => Set<Features.Agents.AgentRecord>();

    /// <summary>Which dashboard instances are alive (ScaleOut).</summary>
    public DbSet<ScaleOut.InstanceLease> InstanceLeases => Set<ScaleOut.InstanceLease>();

    /// <summary>Watches, their state per vantage point, runs, incidents, hourly figures, status pages (Features/Watches).</summary>
    public DbSet<Features.Watches.Storage.WatchRecord> Watches => Set<Features.Watches.Storage.WatchRecord>();

    public DbSet<Features.Watches.Storage.WatchStateRow> WatchStates => Set<Features.Watches.Storage.WatchStateRow>();

    public DbSet<Features.Watches.Storage.WatchRunRow> WatchRuns => Set<Features.Watches.Storage.WatchRunRow>();

    public DbSet<Features.Watches.Storage.WatchIncidentRow> WatchIncidents => Set<Features.Watches.Storage.WatchIncidentRow>();

    public DbSet<Features.Watches.Storage.WatchHourRow> WatchHours => Set<Features.Watches.Storage.WatchHourRow>();

    public DbSet<Features.Watches.Storage.StatusPageRow> StatusPages => Set<Features.Watches.Storage.StatusPageRow>();

    /// <summary>Notification channels (secrets encrypted) and maintenance windows (Features/Notifications).</summary>
    public DbSet<Features.Notifications.NotificationChannelRow> NotificationChannels => Set<Features.Notifications.NotificationChannelRow>();

    public DbSet<Features.Notifications.MaintenanceWindowRow> MaintenanceWindows => Set<Features.Notifications.MaintenanceWindowRow>();

    public DbSet<Features.Notifications.NotificationDeliveryRow> NotificationDeliveries => Set<Features.Notifications.NotificationDeliveryRow>();

    /// <summary>The data-protection keys when scaled out (ScaleOut): every instance reads the cookies and antiforgery tokens of the others.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<DashboardUser>(user =>
        {
            user.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
        });
        builder.Entity<ApiToken>(token =>
        {
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).HasMaxLength(32);
            token.Property(t => t.Name).HasMaxLength(100);
            token.Property(t => t.Role).HasConversion<string>().HasMaxLength(16);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.Property(t => t.Prefix).HasMaxLength(16);
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AuditEntry>(ConfigureAudit);
        builder.ApplyConfiguration(new Features.Policy.PolicyRuleRowConfiguration());
        HistoryModel.Configure(builder);
        builder.ApplyConfiguration(new Features.Agents.AgentRecordConfiguration());
        builder.ApplyConfiguration(new Components.Vantage.VantageChoiceRowConfiguration());
        builder.ApplyConfiguration(new ScaleOut.InstanceLeaseConfiguration());
        Features.Watches.Storage.WatchModel.Configure(builder);
        Features.Notifications.NotificationModel.Configure(builder);
    }

    private static void ConfigureAudit(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<AuditEntry> audit)
    {
        audit.ToTable("AuditEntries");
        audit.HasKey(e => e.Id);
        audit.Property(e => e.Id).ValueGeneratedOnAdd();
        audit.Property(e => e.ActorId).HasMaxLength(450);
        audit.Property(e => e.ActorName).HasMaxLength(AuditEntry.MaxNameLength);
        audit.Property(e => e.Role).HasConversion<string>().HasMaxLength(16);
        audit.Property(e => e.ClientAddress).HasMaxLength(64);
        audit.Property(e => e.Door).HasConversion<string>().HasMaxLength(8);
        audit.Property(e => e.Action).HasMaxLength(32);
        audit.Property(e => e.Target).HasMaxLength(AuditEntry.MaxTargetLength);
        audit.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        audit.Property(e => e.RefusalKind).HasConversion<string>().HasMaxLength(16);
        audit.Property(e => e.Detail).HasMaxLength(AuditEntry.MaxDetailLength);
        audit.Ignore(e => e.At);
        audit.Ignore(e => e.OutcomeText);
        // The page's filters, each with the time so the newest come first without a sort of the whole table.
        audit.HasIndex(e => e.AtMs);
        audit.HasIndex(e => new { e.ActorName, e.AtMs });
        audit.HasIndex(e => new { e.Action, e.AtMs });
        audit.HasIndex(e => new { e.Outcome, e.AtMs });
    }
}

/// <summary>The embedded default: a SQLite file in the data directory.</summary>
public sealed class SqliteDashboardDb(DbContextOptions<SqliteDashboardDb> options) : DashboardDb(options);

/// <summary>PostgreSQL, chosen by configuration for shared and scaled-out deployments.</summary>
public sealed class PostgresDashboardDb(DbContextOptions<PostgresDashboardDb> options) : DashboardDb(options);
