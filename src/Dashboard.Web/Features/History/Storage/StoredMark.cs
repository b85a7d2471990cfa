namespace Dashboard.Web.Features.History.Storage;

/// <summary>
/// How far a listener session's events are settled: stored, or left out on purpose (past the cap). Watchers wait
/// on it, so an event is shown only once a crash can no longer lose it.
/// </summary>
internal sealed class StoredMark
{
    private readonly Lock _gate = new();
    private long _settled;
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The highest sequence number settled.</summary>
    public long Settled
    {
        get
        {
            lock (_gate)
            {
                return _settled;
            }
        }
    }

    /// <summary>Every event up to <paramref name="seq"/> is settled.</summary>
    public void Advance(long seq)
    {
        TaskCompletionSource advanced;
        lock (_gate)
        {
            if (seq <= _settled)
            {
                return;
            }

            _settled = seq;
            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        advanced.TrySetResult();
    }

    /// <summary>Nothing more will be stored (the session ended, or its writes failed): nobody waits any longer.</summary>
    public void Release() => Advance(long.MaxValue);

    /// <summary>Completes once the event numbered <paramref name="seq"/> is settled.</summary>
    public async ValueTask WaitAsync(long seq, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task advanced;
            lock (_gate)
            {
                if (_settled >= seq)
                {
                    return;
                }

                advanced = _advanced.Task;
            }

            await advanced.WaitAsync(cancellationToken);
        }
    }
}
