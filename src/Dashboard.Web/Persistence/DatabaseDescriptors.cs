using Npgsql;

namespace Dashboard.Web.Persistence;

/// <summary>How many descriptors the database may hold at once, for the split of the open-file limit.</summary>
public static class DatabaseDescriptors
{
    /// <summary>SQLite: the file, its WAL and shared memory, for each of the few connections in use at once, with room to spare.</summary>
    public const int Sqlite = 32;

    /// <summary>SQLite's allowance, or PostgreSQL's pool size (<c>Maximum Pool Size</c>, Npgsql's default 100): one socket each.</summary>
    public static int AtMost(IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        return options.IsPostgres && configuration.GetConnectionString("Dashboard") is { } connection
            ? new NpgsqlConnectionStringBuilder(connection).MaxPoolSize
            : Sqlite;
    }
}
