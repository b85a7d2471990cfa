using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Support;

/// <summary>
/// The real dashboard as its own process on a loopback port, with a data directory and an admin token of
/// its own; optionally under an open-file limit of its own (<c>prlimit</c>), for the flood tests.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private static readonly string[] TcpTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    private readonly Process _process;
    private readonly string _dataDir;
    private readonly bool _ownsDataDir;
    private readonly string? _socketPath;
    private readonly ConcurrentQueue<string> _output = new();

    private DashboardProcess(Process process, Uri address, string dataDir, string token, bool ownsDataDir, string? socketPath)
    {
        _process = process;
        Address = address;
        _dataDir = dataDir;
        Token = token;
        _ownsDataDir = ownsDataDir;
        _socketPath = socketPath;
    }

    /// <summary>The data directory (SQLite file, keys): give it to the next start to restart over the same data.</summary>
    public string DataDir => _dataDir;

    /// <summary>
    /// HTTP to the dashboard: over loopback TCP, or for one in a private network namespace over its Unix socket
    /// (a file in the data directory, which no network namespace hides).
    /// </summary>
    public HttpMessageHandler Handler()
    {
        if (_socketPath is not { } path)
        {
            return new SocketsHttpHandler();
        }

        return new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>Plain HTTP with the admin token.</summary>
    public HttpClient Http()
    {
        var http = new HttpClient(Handler()) { BaseAddress = Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown code runs. The data directory stays for a restart.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public Uri Address { get; }

    /// <summary>The admin token the clients use (<c>Auth__BootstrapToken</c>).</summary>
    public string Token { get; }

    public int Port => Address.Port;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the dashboard wrote (warnings and above, and the <c>Limits:</c> line).</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>A hub connection with the admin token, not yet started.</summary>
    public HubConnection Hub() =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Address, Dashboard.Contracts.ProbeHubRoutes.Path), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(Token);
                if (_socketPath is not null)
                {
                    // WebSockets cannot be sent over a Unix socket by this client; server-sent events can.
                    o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.ServerSentEvents;
                    o.HttpMessageHandlerFactory = _ => Handler();
                }
            })
            .Build();

    /// <summary>
    /// Starts <paramref name="webDll"/> (a build of Dashboard.Web) and waits until <c>/healthz</c> answers.
    /// <paramref name="openFileLimit"/> sets its soft and hard <c>RLIMIT_NOFILE</c> through <c>prlimit</c>;
    /// <paramref name="settings"/> are configuration keys as environment variables (<c>Limits__HubConnectionsPerUser</c>).
    /// <paramref name="privateNetwork"/> runs it in a network namespace of its own (<c>unshare --net</c>, root only) where only
    /// its loopback exists, reached over a Unix socket. <paramref name="dataDir"/> restarts over an earlier run's data.
    /// </summary>
    public static async Task<DashboardProcess> StartAsync(string webDll, int? openFileLimit = null, IReadOnlyDictionary<string, string>? settings = null,
        bool privateNetwork = false, string? dataDir = null)
    {
        webDll = Path.GetFullPath(webDll);
        if (!File.Exists(webDll))
        {
            throw new FileNotFoundException($"build the dashboard first (dotnet build): {webDll}");
        }

        var ownsDataDir = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("sd-proc-").FullName;
        var socketPath = privateNetwork ? Path.Combine(dataDir, "dashboard.sock") : null;
        File.Delete(socketPath ?? Path.Combine(dataDir, "none"));
        var port = LoopbackListener.FreePort(IPAddress.Loopback);
        string[] dashboard = ["dotnet", webDll, "--urls", socketPath is null ? $"http://127.0.0.1:{port}" : $"http://unix:{socketPath}"];
        // prlimit execs the command: the process it starts is the dashboard itself, with the limit from its first instruction.
        var command = openFileLimit is { } limit ? ["prlimit", $"--nofile={limit}:{limit}", .. dashboard] : dashboard;
        if (privateNetwork)
        {
            // unshare and bash exec in turn: the process started is the dashboard itself, so a kill reaches it.
            command = ["unshare", "--net", "bash", "-c", $"ip link set lo up && exec {string.Join(' ', command.Select(a => $"'{a}'"))}"];
        }
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Dashboard.Web.Limits"] = "Information";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["DataDir"] = dataDir;
        var token = "sdt_proc_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        start.Environment["Auth__BootstrapToken"] = token;
        start.Environment["Dashboard__Scans__MaxRunning"] = "8";
        // A burst of 512 clients that reset at once can leave more than the default 1,024 connections
        // not yet read as closed; the cap itself is tested elsewhere, here the accept rate is measured.
        start.Environment["Sockets__Listeners__MaxConnectionsPerListener"] = "8192";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the dashboard did not start");
        var address = socketPath is null ? new Uri($"http://127.0.0.1:{port}/") : new Uri("http://localhost/");
        var started = new DashboardProcess(process, address, dataDir, token, ownsDataDir, socketPath);
        process.OutputDataReceived += (_, line) => started.Keep(line.Data);
        process.BeginOutputReadLine();
        using var http = new HttpClient(started.Handler());
        for (var i = 0; i < 600 && !process.HasExited; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(started.Address, "healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    return started;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        await started.DisposeAsync();
        throw new InvalidOperationException($"the dashboard never became healthy:\n{string.Join('\n', started.Output)}");
    }

    /// <summary>The dashboard's own account of how it split its open-file limit (its <c>Limits:</c> log line).</summary>
    public string? LimitsLine { get; private set; }

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

    /// <summary>Descriptors the dashboard holds open now; 0 once it has exited.</summary>
    public int OpenDescriptors()
    {
        try
        {
            return Directory.GetFiles($"/proc/{_process.Id}/fd").Length;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            return 0;
        }
    }

    /// <summary>The dashboard's soft open-file limit, as the kernel reports it.</summary>
    public long OpenFileLimit()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture);
    }

    /// <summary>TCP sockets of this network namespace in TIME_WAIT (state 06 in /proc/net/tcp{,6}).</summary>
    public static int TimeWaitSockets() =>
        TcpTables.Where(File.Exists)
            .Sum(table => File.ReadLines(table).Skip(1).Count(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] == "06"));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            if (_ownsDataDir)
            {
                Directory.Delete(_dataDir, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file the dying process still held; the temp folder is the OS's to clean.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.IndexOf("Limits: open-file limit", StringComparison.Ordinal) is >= 0 and var at)
        {
            LimitsLine = line[at..];
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }
}
