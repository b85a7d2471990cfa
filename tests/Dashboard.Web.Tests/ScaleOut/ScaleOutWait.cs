namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>Waits for a condition across instances: generous (a loaded machine, leases of seconds), never a timed assertion.</summary>
internal static class ScaleOutWait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {seconds} s for {what}");
            }

            await Task.Delay(100);
        }
    }
}
