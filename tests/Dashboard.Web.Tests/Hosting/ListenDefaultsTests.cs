using System.Diagnostics;
using System.Net;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Dashboard.Web.Tests.Hosting;

public sealed class ListenDefaultsTests
{
    [Fact]
    public void NothingConfigured_ListensOnLoopback5000Only()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Configuration["urls"] = null;
        builder.Configuration["http_ports"] = null;

        builder.ListenOnLoopbackUnlessTold();

        Assert.Equal("http://127.0.0.1:5000", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Theory]
    [InlineData("--urls=http://0.0.0.0:9000", "urls", "http://0.0.0.0:9000")]
    [InlineData("--http_ports=8080", "http_ports", "8080")]
    public void AddressConfigured_IsLeftAsItIs(string arg, string key, string expected)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [arg] });

        builder.ListenOnLoopbackUnlessTold();

        Assert.Equal(expected, builder.Configuration[key]);
        Assert.NotEqual(ListenDefaults.Url, builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public async Task DashboardProcess_WithUrlsArgument_ListensThere()
    {
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        var dll = typeof(ListenDefaults).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ASPNETCORE_URLS");
        var dataDir = Directory.CreateTempSubdirectory("sd-test-").FullName;
        start.Environment["DataDir"] = dataDir;
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        using var process = Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            Assert.Equal(HttpStatusCode.OK, await PollHealthAsync(http, TestContext.Current.CancellationToken));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<HttpStatusCode?> PollHealthAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        return null;
    }
}
