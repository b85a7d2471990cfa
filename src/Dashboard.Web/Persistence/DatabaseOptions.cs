using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Persistence;

/// <summary>Where the dashboard keeps what it must not forget. Configuration section <c>Database</c>, plus <c>DataDir</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default: a file in <c>DataDir</c>, nothing to install) or <c>Postgres</c> (<c>ConnectionStrings:Dashboard</c>).</summary>
    [AllowedValues("Sqlite", "Postgres")]
    public string Provider { get; set; } = "Sqlite";

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.Ordinal);
}
