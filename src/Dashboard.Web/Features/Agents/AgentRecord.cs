using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Web.Features.Agents;

/// <summary>
/// An agent the dashboard knows: its token (the SHA-256 only; the secret is shown once) and what it told
/// at its last connect and heartbeat. The registry lives in the database so that several dashboards
/// share it; which dashboard holds its connection now is that dashboard's own business.
/// </summary>
public sealed class AgentRecord
{
    public const int MaxNameLength = 64;

    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string TokenHash { get; set; } = "";

    public string TokenPrefix { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public string? Version { get; set; }

    /// <summary>Comma separated, as the agent told them.</summary>
    public string? Addresses { get; set; }

    /// <summary>Comma separated.</summary>
    public string? Capabilities { get; set; }

    public string? Policy { get; set; }

    public double? RoundTripMs { get; set; }
}

/// <summary>The <c>Agents</c> table.</summary>
public sealed class AgentRecordConfiguration : IEntityTypeConfiguration<AgentRecord>
{
    public void Configure(EntityTypeBuilder<AgentRecord> builder)
    {
        builder.ToTable("Agents");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.Property(a => a.Name).HasMaxLength(AgentRecord.MaxNameLength);
        builder.HasIndex(a => a.Name).IsUnique();
        builder.Property(a => a.TokenHash).HasMaxLength(64);
        builder.HasIndex(a => a.TokenHash).IsUnique();
        builder.Property(a => a.TokenPrefix).HasMaxLength(16);
        builder.Property(a => a.CreatedBy).HasMaxLength(256);
        builder.Property(a => a.Version).HasMaxLength(32);
        builder.Property(a => a.Addresses).HasMaxLength(2048);
        builder.Property(a => a.Capabilities).HasMaxLength(256);
        builder.Property(a => a.Policy).HasMaxLength(1024);
    }
}
