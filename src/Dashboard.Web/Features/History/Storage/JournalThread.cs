using System.Collections.Concurrent;

namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// One thread of its own where the scan journals encode and write their batches. SQLite's "async" calls block
/// (and a commit waits for the disk), so on the thread pool they would hold up the threads that take results
/// from the engine and send them to watchers; here they wait beside them. One thread serves every running scan:
/// the database takes one writer at a time anyway.
/// </summary>
internal sealed class JournalThread : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread _thread;

    public JournalThread()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "scan-journal" };
        _thread.Start();
    }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Runs <paramref name="work"/> on the thread; its continuations stay there.</summary>
    public Task RunAsync(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    public void Dispose() => _queue.CompleteAdding();

    protected override void QueueTask(Task task)
    {
        try
        {
            _queue.Add(task);
        }
        catch (InvalidOperationException)
        {
            // The host is being disposed and the thread has stopped taking work: the pool runs what still comes.
            ThreadPool.UnsafeQueueUserWorkItem(_ => TryExecuteTask(task), null);
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Thread.CurrentThread == _thread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Run()
    {
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }
}
