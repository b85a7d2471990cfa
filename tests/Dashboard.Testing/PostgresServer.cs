using System.Security.Cryptography;
using Npgsql;

namespace Dashboard.Tests.Support;

/// <summary>
/// A real PostgreSQL for the test assembly, started by <c>tests/postgres.sh</c> (Debian's package,
/// initdb + pg_ctl on a loopback port) and stopped at the end. Each test gets a database of its own.
/// Missing PostgreSQL fails the tests that need it, with how to install it; it never skips them.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly ScriptedServer _server = new("postgres.sh");
    private string? _connectionString;

    /// <summary>The server's connection string (database <c>postgres</c>).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("PostgreSQL did not start");

    public async ValueTask InitializeAsync() => _connectionString = await _server.StartAsync(CancellationToken.None);

    /// <summary>A fresh, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = "sd_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _server.StopAsync(CancellationToken.None);
    }
}
