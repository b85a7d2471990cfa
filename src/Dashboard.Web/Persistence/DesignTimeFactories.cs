using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Dashboard.Web.Persistence;

/// <summary>For <c>dotnet ef migrations add</c> only: each provider's context, without starting the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDashboardDb>
{
    public SqliteDashboardDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDashboardDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDashboardDb>
{
    public PostgresDashboardDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDashboardDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
