using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Web.Components.Vantage;

/// <summary>A user's last chosen vantage point (the From selector), kept so it survives a restart and follows the user to any browser.</summary>
public sealed class VantageChoiceRow
{
    /// <summary>Longer than any agent id or name the selector offers; a longer value is not stored.</summary>
    public const int MaxFromLength = 64;

    public string UserId { get; set; } = "";

    /// <summary>The vantage point's id as requests carry it in <c>from</c>; "" for this server.</summary>
    public string From { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>The <c>UserVantageChoices</c> table: one row per user, gone with the user.</summary>
public sealed class VantageChoiceRowConfiguration : IEntityTypeConfiguration<VantageChoiceRow>
{
    public void Configure(EntityTypeBuilder<VantageChoiceRow> builder)
    {
        builder.ToTable("UserVantageChoices");
        builder.HasKey(c => c.UserId);
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.Property(c => c.From).HasMaxLength(VantageChoiceRow.MaxFromLength);
        builder.HasOne<Access.DashboardUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
