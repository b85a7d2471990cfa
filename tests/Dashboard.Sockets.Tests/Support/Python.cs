using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace Dashboard.Sockets.Tests.Support;

/// <summary>
/// The machine's <c>python3</c> as a reference. A missing python3 fails the test that asked: skipping would let a
/// table drift from the machine's unnoticed.
/// </summary>
public static class Python
{
    /// <summary>Runs <paramref name="script"/> with <c>python3 -c</c> and reads what it prints as JSON.</summary>
    public static async Task<T> JsonAsync<T>(string script, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);

        Process? process = null;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"python3 could not be started ({e.Message}); it is the reference these names are checked against, install it");
        }

        using (process)
        {
            Assert.NotNull(process);
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            Assert.True(process.ExitCode == 0, $"python3 -c failed with {process.ExitCode}: {await error}");
            return JsonSerializer.Deserialize<T>(await output) ?? throw new InvalidOperationException("python3 printed null");
        }
    }
}
