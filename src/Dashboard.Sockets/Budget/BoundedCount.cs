namespace Dashboard.Sockets.Budget;

/// <summary>A count shared between threads that never passes its cap: compare-and-swap, so no lock and no overshoot.</summary>
public static class BoundedCount
{
    /// <summary>Adds one to <paramref name="count"/> when it is below <paramref name="cap"/>; false, and the count unchanged, when not.</summary>
    public static bool TryIncrement(ref int count, int cap)
    {
        var current = Volatile.Read(ref count);
        while (current < cap)
        {
            var seen = Interlocked.CompareExchange(ref count, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }
}
