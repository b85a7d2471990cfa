using Dashboard.Web.Access;

namespace Dashboard.Web.Features.Audit;

public sealed partial class AuditQueue
{
    /// <summary>
    /// Runs a service operation and appends exactly one row for it: ok with <paramref name="detail"/> of
    /// the result, refused with the refusal's kind and message (rethrown), or failed (rethrown).
    /// </summary>
    /// <param name="actor">Who asks, through which door.</param>
    /// <param name="action">One of <see cref="AuditActions"/>.</param>
    /// <param name="target">What it acts on, as asked (null when the request is missing).</param>
    /// <param name="operation">The service's work: validation, rules and execution.</param>
    /// <param name="detail">The one-line summary of a result.</param>
    /// <param name="targetOf">The target once known from the result (a new scan's id), instead of <paramref name="target"/>.</param>
    /// <param name="refusedBy">For a result that is itself a refusal (a target the policy denied): the kind to record it as refused with; null when it is not one.</param>
    public async Task<T> TrackAsync<T>(Actor actor, string action, string? target, Func<Task<T>> operation, Func<T, string?> detail,
        Func<T, string?>? targetOf = null, Func<T, ErrorKind?>? refusedBy = null)
    {
        T result;
        try
        {
            result = await operation();
        }
        catch (Exception e)
        {
            RecordFailure(actor, action, target, e);
            throw;
        }

        var refusal = refusedBy?.Invoke(result);
        Record(actor, action, targetOf?.Invoke(result) ?? target, refusal is null ? AuditOutcome.Ok : AuditOutcome.Refused, detail(result), refusal);
        return result;
    }

    /// <summary>The same for a synchronous operation.</summary>
    public T Track<T>(Actor actor, string action, string? target, Func<T> operation, Func<T, string?> detail, Func<T, string?>? targetOf = null)
    {
        T result;
        try
        {
            result = operation();
        }
        catch (Exception e)
        {
            RecordFailure(actor, action, target, e);
            throw;
        }

        Record(actor, action, targetOf?.Invoke(result) ?? target, AuditOutcome.Ok, detail(result));
        return result;
    }

    private void RecordFailure(Actor actor, string action, string? target, Exception e)
    {
        if (e is RequestRefusedException refusal)
        {
            Record(actor, action, target, AuditOutcome.Refused, refusal.Message, refusal.Kind);
        }
        else
        {
            Record(actor, action, target, AuditOutcome.Failed, e is OperationCanceledException ? "cancelled: the caller went away" : e.Message);
        }
    }
}
