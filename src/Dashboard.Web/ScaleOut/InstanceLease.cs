using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Web.ScaleOut;

/// <summary>
/// An instance's claim to be alive, renewed every <see cref="ScaleOutOptions.RenewSeconds"/>. In the database,
/// beside the items it guards, so "is its owner alive?" and "mark its items interrupted" are read and written in one place.
/// </summary>
public sealed class InstanceLease
{
    public const int MaxNameLength = 100;

    public string Name { get; set; } = "";

    /// <summary>Unix milliseconds (UTC) until which the instance is believed alive.</summary>
    public long ExpiresAtMs { get; set; }

    public long StartedAtMs { get; set; }
}

public sealed class InstanceLeaseConfiguration : IEntityTypeConfiguration<InstanceLease>
{
    public void Configure(EntityTypeBuilder<InstanceLease> builder)
    {
        builder.ToTable("InstanceLeases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(InstanceLease.MaxNameLength);
    }
}
