using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Benchmarks;

/// <summary>The real dashboard (Release build) as its own process on a loopback port.</summary>
internal sealed class DashboardProcess : IAsyncDisposable
{
    private static readonly string[] TcpTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    private readonly Process _process;

    private DashboardProcess(Process process, Uri address, string dataDir, string token)
    {
        _process = process;
        Address = address;
        _dataDir = dataDir;
        Token = token;
    }

    private readonly string _dataDir;

    public Uri Address { get; }

    /// <summary>The admin token the benchmark's clients use (<c>Auth__BootstrapToken</c>).</summary>
    public string Token { get; }

    /// <summary>A hub connection with the admin token, not yet started.</summary>
    public HubConnection Hub() =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Address, Dashboard.Contracts.ProbeHubRoutes.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Token))
            .Build();

    public int Port => Address.Port;

    public static async Task<DashboardProcess> StartAsync(string webDll)
    {
        webDll = Path.GetFullPath(webDll);
        if (!File.Exists(webDll))
        {
            throw new FileNotFoundException($"build the dashboard first (dotnet build -c Release): {webDll}");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [webDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var dataDir = Directory.CreateTempSubdirectory("sd-bench-").FullName;
        start.Environment["DataDir"] = dataDir;
        var token = "sdt_bench_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        start.Environment["Auth__BootstrapToken"] = token;
        start.Environment["Dashboard__Scans__MaxRunning"] = "8";
        // A burst of 512 clients that reset at once can leave more than the default 1,024 connections
        // not yet read as closed; the cap itself is tested elsewhere, here the accept rate is measured.
        start.Environment["Sockets__Listeners__MaxConnectionsPerListener"] = "8192";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the dashboard did not start");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var dashboard = new DashboardProcess(process, new Uri($"http://127.0.0.1:{port}/"), dataDir, token);
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(dashboard.Address, "healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    return dashboard;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("the dashboard never became healthy");
    }

    /// <summary>Peak resident memory of the dashboard so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>CPU seconds (user + system) the dashboard has used so far.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Descriptors the dashboard holds open now.</summary>
    public int OpenDescriptors() => Directory.GetFiles($"/proc/{_process.Id}/fd").Length;

    /// <summary>TCP sockets of this network namespace in TIME_WAIT (state 06 in /proc/net/tcp{,6}).</summary>
    public static int TimeWaitSockets() =>
        TcpTables.Where(File.Exists)
            .Sum(table => File.ReadLines(table).Skip(1).Count(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] == "06"));

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
