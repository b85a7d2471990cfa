using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Features.Notifications;

/// <summary>The <c>NotificationChannels</c>, <c>MaintenanceWindows</c> and <c>NotificationDeliveries</c> tables.</summary>
public static class NotificationModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<NotificationChannelRow>(channel =>
        {
            channel.ToTable("NotificationChannels");
            channel.HasKey(c => c.Id);
            channel.Property(c => c.Id).HasMaxLength(32);
            channel.Property(c => c.Name).HasMaxLength(NotificationChannelRow.MaxNameLength);
            channel.HasIndex(c => c.Name).IsUnique();
            channel.Property(c => c.Kind).HasMaxLength(8);
            channel.Property(c => c.Groups).HasMaxLength(1_024);
            channel.Property(c => c.Events).HasMaxLength(64);
            channel.Property(c => c.Settings).HasMaxLength(8_192);
            channel.Property(c => c.Protected).HasMaxLength(16_384);
            channel.Property(c => c.OwnerId).HasMaxLength(450);
            channel.Property(c => c.OwnerName).HasMaxLength(256);
            channel.Property(c => c.LastError).HasMaxLength(NotificationChannelRow.MaxErrorLength);
        });
        builder.Entity<MaintenanceWindowRow>(window =>
        {
            window.ToTable("MaintenanceWindows");
            window.HasKey(w => w.Id);
            window.Property(w => w.Id).ValueGeneratedOnAdd();
            window.Property(w => w.Group).HasMaxLength(64);
            window.Property(w => w.Reason).HasMaxLength(MaintenanceWindowRow.MaxReasonLength);
            window.Property(w => w.CreatedByName).HasMaxLength(256);
            window.HasIndex(w => w.EndsAtMs);
        });
        builder.Entity<NotificationDeliveryRow>(delivery =>
        {
            delivery.ToTable("NotificationDeliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).ValueGeneratedOnAdd();
            delivery.Property(d => d.ChannelId).HasMaxLength(32);
            delivery.Property(d => d.ChannelName).HasMaxLength(NotificationChannelRow.MaxNameLength);
            delivery.Property(d => d.Notice).HasMaxLength(16_384);
            delivery.Property(d => d.ClaimedBy).HasMaxLength(256);
            delivery.HasIndex(d => d.ClaimedUntilMs);
        });
    }
}
