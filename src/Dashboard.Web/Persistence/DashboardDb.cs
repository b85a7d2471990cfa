using Dashboard.Web.Access;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Persistence;

/// <summary>
/// The dashboard's database: users (ASP.NET Core Identity), API tokens. One model for every provider;
/// each provider has its own subclass only so that its migrations live apart.
/// </summary>
public abstract class DashboardDb(DbContextOptions options) : IdentityDbContext<DashboardUser>(options)
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

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
    }
}

/// <summary>The embedded default: a SQLite file in the data directory.</summary>
public sealed class SqliteDashboardDb(DbContextOptions<SqliteDashboardDb> options) : DashboardDb(options);

/// <summary>PostgreSQL, chosen by configuration for shared and scaled-out deployments.</summary>
public sealed class PostgresDashboardDb(DbContextOptions<PostgresDashboardDb> options) : DashboardDb(options);
