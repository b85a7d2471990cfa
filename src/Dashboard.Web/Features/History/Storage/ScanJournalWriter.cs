using System.Data;
using System.Data.Common;
using Dashboard.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// A running scan's writes, over one connection held while it runs, with the same two statements each time:
/// a batch is one transaction, its chunks and then its item's counters (so after a crash they agree), as
/// <see cref="HistoryStore.AppendAsync"/> stores it. It goes around the change tracker and query translation:
/// on a busy server those cost the scan CPU (and JIT work) on every batch; here a batch is a few plain commands.
/// </summary>
internal sealed class ScanJournalWriter : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;
    private readonly DbConnection _connection;
    private readonly DbCommand _insertChunk;
    private readonly DbCommand _addCounts;
    private readonly DbCommand _end;

    private ScanJournalWriter(AsyncServiceScope scope, DashboardDb db)
    {
        _scope = scope;
        _connection = db.Database.GetDbConnection();
        var sql = db.GetService<ISqlGenerationHelper>();
        var chunks = Table<HistoryChunk>(db, sql);
        var items = Table<HistoryItem>(db, sql);
        string C<T>(string property) => Column<T>(db, sql, property);

        _insertChunk = Command(
            $"INSERT INTO {chunks} ({C<HistoryChunk>(nameof(HistoryChunk.ItemId))}, {C<HistoryChunk>(nameof(HistoryChunk.Stream))}, " +
            $"{C<HistoryChunk>(nameof(HistoryChunk.Seq))}, {C<HistoryChunk>(nameof(HistoryChunk.Count))}, {C<HistoryChunk>(nameof(HistoryChunk.Data))}) " +
            "VALUES (@item, @stream, @seq, @count, @data)",
            "item", "stream", "seq", "count", "data");
        var bytes = C<HistoryItem>(nameof(HistoryItem.Bytes));
        var count = C<HistoryItem>(nameof(HistoryItem.Items));
        var id = C<HistoryItem>(nameof(HistoryItem.Id));
        _addCounts = Command($"UPDATE {items} SET {bytes} = {bytes} + @bytes, {count} = {count} + @count WHERE {id} = @item",
            "bytes", "count", "item");
        _end = Command(
            $"UPDATE {items} SET {bytes} = {bytes} + @bytes, {count} = {count} + @count, {C<HistoryItem>(nameof(HistoryItem.State))} = @state, " +
            $"{C<HistoryItem>(nameof(HistoryItem.EndedAtMs))} = @ended, {C<HistoryItem>(nameof(HistoryItem.Summary))} = @summary WHERE {id} = @item",
            "bytes", "count", "state", "ended", "summary", "item");
    }

    /// <summary>Opens a connection of its own for one scan.</summary>
    public static async Task<ScanJournalWriter> OpenAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<DashboardDb>();
            await db.Database.OpenConnectionAsync(cancellationToken);
            return new ScanJournalWriter(scope, db);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stores <paramref name="chunks"/> and adds them to the item's counters; with <paramref name="end"/>, also its
    /// final state, end and summary, whose text replaces one <paramref name="summaryBefore"/> characters long. One transaction.
    /// </summary>
    public async Task AppendAsync(string itemId, IReadOnlyList<HistoryChunk> chunks, ItemEnd? end, int summaryBefore,
        CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        long added = 0, count = 0;
        _insertChunk.Transaction = transaction;
        foreach (var chunk in chunks)
        {
            Set(_insertChunk, chunk.ItemId, chunk.Stream, chunk.Seq, chunk.Count, chunk.Data);
            await _insertChunk.ExecuteNonQueryAsync(cancellationToken);
            added += chunk.Data.Length;
            count += chunk.Count;
        }

        if (end is null)
        {
            _addCounts.Transaction = transaction;
            Set(_addCounts, added, count, itemId);
            await _addCounts.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            _end.Transaction = transaction;
            Set(_end, added + end.Summary.Length - summaryBefore, count, end.State, end.EndedAtMs, end.Summary, itemId);
            await _end.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _insertChunk.DisposeAsync();
        await _addCounts.DisposeAsync();
        await _end.DisposeAsync();
        await _scope.DisposeAsync();
    }

    private DbCommand Command(string text, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = text;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.Parameters[i];
            parameter.Value = values[i];
            parameter.DbType = values[i] switch
            {
                byte[] => DbType.Binary,
                string => DbType.String,
                long => DbType.Int64,
                _ => DbType.Int32,
            };
        }
    }

    private static string Table<T>(DashboardDb db, ISqlGenerationHelper sql)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        return sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
    }

    private static string Column<T>(DashboardDb db, ISqlGenerationHelper sql, string property)
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
    }
}
