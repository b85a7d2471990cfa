namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>Waits for a condition across instances: generous (a loaded machine, leases of seconds), never a timed assertion.</summary>
internal static class ScaleOutWait
{
    /// <param name="condition">What is waited for.</param>
    /// <param name="what">The condition in words, for the timeout's message.</param>
    /// <param name="seconds">How long at most.</param>
    /// <param name="state">What was seen instead, for the timeout's message (the why of a failure on a CI machine).</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 60, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var seen = state is null ? "" : "; seen: " + await state();
                throw new TimeoutException($"waited {seconds} s for {what}{seen}");
            }

            await Task.Delay(100);
        }
    }
}
