using System.Numerics;
using System.Threading.Channels;
using Dashboard.Web.Access;
using Dashboard.Web.Operations;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Audit;

/// <summary>
/// Where the feature services append the audit trail. Appending never waits: rows go to a bounded
/// queue that <see cref="AuditWriter"/> drains into the database in batches; when it is full the row is
/// dropped and counted (<c>dashboard.audit.dropped</c>, and on the audit page).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711",
    Justification = "It is a bounded queue the writer drains; the name says so (issue 22: names say what a thing is).")]
public sealed partial class AuditQueue
{
    private readonly Channel<Pending> _queue;
    private readonly TimeProvider _time;
    private readonly DashboardMetrics _metrics;
    private readonly ILogger<AuditQueue> _logger;
    private long _dropped;

    public AuditQueue(IOptions<AuditOptions> options, TimeProvider time, DashboardMetrics metrics, ILogger<AuditQueue> logger)
    {
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.Value.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        (_time, _metrics, _logger) = (time, metrics, logger);
    }

    /// <summary>Rows lost since the start: the queue was full, or the database refused a batch.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<Pending> Reader => _queue.Reader;

    /// <summary>Set while <see cref="AuditWriter"/> drains the queue; without it (component tests) nothing is written.</summary>
    internal bool Draining { get; set; }

    /// <summary>Queues one row; never blocks. Text is cut to the column's length.</summary>
    public void Append(AuditEntry entry)
    {
        entry.ActorName = Cut(entry.ActorName, AuditEntry.MaxNameLength);
        entry.Target = Cut(entry.Target, AuditEntry.MaxTargetLength);
        entry.Detail = Cut(entry.Detail, AuditEntry.MaxDetailLength);
        if (!_queue.Writer.TryWrite(new Pending(entry, null)))
        {
            CountDropped(1);
        }
    }

    /// <summary>A row for what <paramref name="actor"/> did, stamped now.</summary>
    public void Record(Actor actor, string action, string? target, AuditOutcome outcome, string? detail, ErrorKind? kind = null) =>
        Append(new AuditEntry
        {
            AtMs = Now,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Role = actor.Role,
            ClientAddress = actor.ClientAddress?.ToString(),
            Door = actor.Door,
            Action = action,
            Target = target ?? "",
            Outcome = outcome,
            RefusalKind = kind,
            Detail = detail ?? "",
        });

    /// <summary>Stamps the time now, as stored.</summary>
    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Waits until every row appended before the call is in the database (the audit page reads after it,
    /// tests assert after it). Returns at once when no writer runs.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!Draining)
        {
            return;
        }

        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Pending(null, written), cancellationToken);
        await written.Task.WaitAsync(cancellationToken);
    }

    internal void CountDropped(int count)
    {
        if (Interlocked.Add(ref _dropped, count) is var total && (total - count == 0 || BitOperations.IsPow2(total)))
        {
            AuditTrailLog.Dropped(_logger, total);
        }

        _metrics.AuditDropped(count);
    }

    private static string Cut(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A row to write, or a flush marker completed once everything before it is written.</summary>
    internal readonly record struct Pending(AuditEntry? Entry, TaskCompletionSource? Written);
}
