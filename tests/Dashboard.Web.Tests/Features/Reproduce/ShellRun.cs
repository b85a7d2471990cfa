using System.Diagnostics;
using System.Text;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>Runs a generated command line the way a person pasting it would: through a real shell.</summary>
internal static class ShellRun
{
    public sealed record Output(int ExitCode, byte[] Stdout, string Stderr)
    {
        /// <summary>Both streams as text, as a person sees them in a terminal.</summary>
        public string All => Encoding.UTF8.GetString(Stdout) + "\n" + Stderr;
    }

    /// <summary><c>SHELL -c LINE</c>; killed (with its children) after <paramref name="timeout"/>, which fails the test.</summary>
    public static async Task<Output> RunAsync(string shell, string line, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(line);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{line}' did not end within {timeout}");
        }

        await copy;
        return new Output(process.ExitCode, stdout.ToArray(), await stderr);
    }
}
