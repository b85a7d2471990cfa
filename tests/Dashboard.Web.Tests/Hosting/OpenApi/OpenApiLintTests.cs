using System.Diagnostics;

namespace Dashboard.Web.Tests.Hosting.OpenApi;

/// <summary>
/// The served OpenAPI document passes Redocly CLI's recommended rules with no error: what generators and the
/// reference page need. Redocly is pinned in tests/openapi-lint/package.json and installed there with npm ci once.
/// </summary>
public sealed class OpenApiLintTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServedDocument_PassesRedoclyLintWithNoErrors()
    {
        using var http = ApiClient.For(host);
        var document = Path.Combine(host.DataDir, "openapi-v1.json");
        await File.WriteAllTextAsync(document, await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative), Token), Token);
        var lintFolder = LintFolder();
        await EnsureRedoclyAsync(lintFolder);

        var (code, output) = await RunAsync(Path.Combine(lintFolder, "node_modules", ".bin", "redocly"), lintFolder,
            "lint", document, "--config", Path.Combine(lintFolder, "redocly.yaml"), "--format", "stylish");

        Assert.True(code == 0, $"redocly lint found errors in /openapi/v1.json:\n{output}");
    }

    private static async Task EnsureRedoclyAsync(string lintFolder)
    {
        await Install.WaitAsync(Token);
        try
        {
            if (File.Exists(Path.Combine(lintFolder, "node_modules", ".bin", "redocly")))
            {
                return;
            }

            (int Code, string Output) installed;
            try
            {
                installed = await RunAsync("npm", lintFolder, "ci", "--no-audit", "--no-fund");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("this test needs npm (Node.js 20.19+) on PATH to install Redocly CLI: apt-get install -y npm", e);
            }

            Assert.True(installed.Code == 0, $"npm ci in {lintFolder} failed:\n{installed.Output}");
        }
        finally
        {
            Install.Release();
        }
    }

    private static string LintFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "openapi-lint");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/openapi-lint/package.json not found above {AppContext.BaseDirectory}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Token);
        var error = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        return (process.ExitCode, await output + await error);
    }
}
