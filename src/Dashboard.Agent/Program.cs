using Dashboard.Agent;
using Dashboard.Sockets;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Scanning;
using Dashboard.Sockets.Udp;

// dotnet run --project src/Dashboard.Agent -- --server URL [--token-file F | --token T] [--name N] [--allow-targets CIDRS] [--allow-ports P] [--listen-ports P]
// (or the token in DASHBOARD_AGENT_TOKEN)
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, AgentCommandLine.Switches);

builder.Services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<AgentTokenSource>();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<AgentOptions>>(p => p.GetRequiredService<AgentTokenSource>());
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AgentOptions>>(p => p.GetRequiredService<AgentTokenSource>());
builder.Services.AddSingleton<AgentHealthFile>();
builder.Services.AddSocketEngine().BindConfiguration("Sockets:Probe");
builder.Services.AddOptions<ScanOptions>().BindConfiguration(ScanOptions.Section);
builder.Services.AddOptions<UdpOptions>().BindConfiguration("Sockets:Udp");
builder.Services.AddOptions<Dashboard.Sockets.Tls.TlsOptions>().BindConfiguration(Dashboard.Sockets.Tls.TlsOptions.Section);
builder.Services.AddOptions<Dashboard.Sockets.UnixSockets.UnixSocketOptions>().BindConfiguration(Dashboard.Sockets.UnixSockets.UnixSocketOptions.Section);
builder.Services.AddOptions<Dashboard.Sockets.Identify.IdentifyOptions>().BindConfiguration(Dashboard.Sockets.Identify.IdentifyOptions.Section);
builder.Services.AddOptions<ListenerOptions>().BindConfiguration("Sockets:Listeners");
builder.Services.AddSingleton<AgentPolicy>();
// Over the engine's default (the shipped rules; the last registration wins): a UDP listener here replies only to targets the owner allows.
builder.Services.AddSingleton<IListenerReplyPolicy>(provider => provider.GetRequiredService<AgentPolicy>());
builder.Services.AddSingleton<AgentLink>();
builder.Services.AddSingleton<CommandRunner>();
builder.Services.AddSingleton<CheckedWork>();
builder.Services.AddSingleton<AgentListeners>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<AgentLink>());

var host = builder.Build();
try
{
    _ = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AgentOptions>>().Value;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // A setting is missing or wrong: say which, without a stack trace, and stop.
    Console.Error.WriteLine($"Dashboard.Agent: {string.Join("; ", e.Failures)}");
    return 2;
}

if (AgentCommandLine.HasTokenSwitch(args))
{
    AgentLog.TokenOnCommandLine(host.Services.GetRequiredService<ILogger<AgentLink>>());
}

host.Run();
return 0;
