using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Web.Features.Policy;

/// <summary>One rule an Admin added, as stored: its place in the order and its fields as text.</summary>
public sealed class PolicyRuleRow
{
    public long Id { get; set; }

    /// <summary>Its place: rules are checked by ascending position, after every built-in rule.</summary>
    public int Position { get; set; }

    public string Name { get; set; } = "";

    /// <summary><c>allow</c> or <c>deny</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>CIDR blocks, comma-separated.</summary>
    public string Networks { get; set; } = "";

    /// <summary>Port ranges, comma-separated; empty for every port.</summary>
    public string Ports { get; set; } = "";

    /// <summary>Role names, comma-separated; empty for every role.</summary>
    public string Roles { get; set; } = "";
}

/// <summary>The <c>PolicyRules</c> table.</summary>
internal sealed class PolicyRuleRowConfiguration : IEntityTypeConfiguration<PolicyRuleRow>
{
    public void Configure(EntityTypeBuilder<PolicyRuleRow> rule)
    {
        rule.ToTable("PolicyRules");
        rule.HasKey(r => r.Id);
        rule.Property(r => r.Id).ValueGeneratedOnAdd();
        rule.Property(r => r.Name).HasMaxLength(Sockets.Policy.PolicyRule.MaxNameLength);
        rule.Property(r => r.Action).HasMaxLength(8);
        rule.Property(r => r.Networks).HasMaxLength(PolicyLimits.MaxNetworksText);
        rule.Property(r => r.Ports).HasMaxLength(PolicyLimits.MaxPortsText);
        rule.Property(r => r.Roles).HasMaxLength(64);
        rule.HasIndex(r => r.Position);
    }
}

/// <summary>Bounds on what an Admin may store.</summary>
public static class PolicyLimits
{
    /// <summary>Rules an Admin may add. A check walks them all, so they stay few.</summary>
    public const int MaxRules = 200;

    public const int MaxNetworksText = 2_000;

    public const int MaxPortsText = 500;

    /// <summary>The engine's bound on a rule's name, for the page's field.</summary>
    public const int MaxNameLength = Sockets.Policy.PolicyRule.MaxNameLength;

    /// <summary>The roles a rule may name, in order.</summary>
    public static IReadOnlyList<string> RoleNames => Sockets.Policy.PolicyRuleText.RoleNames;
}
