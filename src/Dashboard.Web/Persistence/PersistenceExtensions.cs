using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// The database (SQLite in <c>DataDir</c> by default, PostgreSQL by configuration), migrated at start
    /// before the server listens, and the data-protection keys in <c>DataDir</c> so sign-ins survive a restart.
    /// </summary>
    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        var dataDir = DataDirectory.Resolve(builder.Configuration, builder.Environment);
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (options.IsPostgres)
        {
            var connection = builder.Configuration.GetConnectionString("Dashboard")
                             ?? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Dashboard is not set");
            builder.Services.AddDbContext<DashboardDb, PostgresDashboardDb>(db => db.UseNpgsql(connection));
        }
        else
        {
            var file = Path.Combine(dataDir, "dashboard.db");
            builder.Services.AddDbContext<DashboardDb, SqliteDashboardDb>(db => db.UseSqlite($"Data Source={file}"));
        }

        builder.Services.AddDataProtection()
            .SetApplicationName("Socket Dashboard")
            .PersistKeysToFileSystem(KeyFolder.Prepare(dataDir));
        builder.Logging.AddFilter(KeyFolder.KeyManagerCategory, LogLevel.Error);
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }
}
