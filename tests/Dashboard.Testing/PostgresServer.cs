using System.Diagnostics;
using System.Net;
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
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sd-pg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
    private string? _connectionString;

    /// <summary>The server's connection string (database <c>postgres</c>).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("PostgreSQL did not start");

    public async ValueTask InitializeAsync()
    {
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        // The test process's id: the script's guard stops the server when this process is gone, even after a kill -9.
        var (code, output, error) = await RunAsync("start", _dir, port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (code != 0)
        {
            throw new InvalidOperationException($"tests/postgres.sh start failed ({code}): {error.Trim()}");
        }

        _connectionString = output.Trim();
    }

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
        await RunAsync("stop", _dir);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "postgres.sh");
        var start = new ProcessStartInfo("bash", [script, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Dashboard.sln) was not found above the test binaries");
    }
}
