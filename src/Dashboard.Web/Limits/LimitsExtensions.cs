using System.Diagnostics.Metrics;
using Dashboard.Sockets.Budget;
using Dashboard.Web.Operations;
using Dashboard.Web.Persistence;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Limits;

/// <summary>
/// Floods never kill the process: the open-file limit is split (<see cref="DescriptorPlan"/>) between what the
/// process needs, Kestrel's connections, its upgraded connections and the socket budget, and every part has a
/// cap that refuses new work with a status and a reason while work already running goes on.
/// </summary>
public static class LimitsExtensions
{
    /// <summary>
    /// The <c>Limits</c> options (validated at start, with the split), Kestrel's connection caps, the accept gate
    /// and the socket budget from the split, the per-user hub cap, and a console log that drops lines rather than block.
    /// </summary>
    public static WebApplicationBuilder AddLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, DescriptorPlanValidation>();
        // Measured once, when the options are first validated (the host's start, before Kestrel listens).
        services.AddSingleton(provider => ProcessDescriptors.Measure(
            provider.GetRequiredService<IConfiguration>().GetValue(LimitsOptions.Section + ":" + nameof(LimitsOptions.RaiseOpenFileLimit), true)));
        services.AddSingleton(provider => DescriptorPlan.For(provider.GetRequiredService<ProcessDescriptors>(),
            DatabaseDescriptors.AtMost(provider.GetRequiredService<IConfiguration>()), provider.GetRequiredService<IOptions<LimitsOptions>>().Value));
        // Replaces the engine's default budget (the limit less an eighth), which knows nothing of Kestrel's share,
        // whether the engine was added before (removed here) or after (it adds its default only where none is).
        services.RemoveAll<SocketBudget>();
        services.AddSingleton(provider => new SocketBudget(provider.GetRequiredService<DescriptorPlan>().SocketBudget)
        {
            RetryAfter = provider.GetRequiredService<IOptions<LimitsOptions>>().Value.RetryAfter,
        });
        // Kestrel's transport behind the accept gate; Kestrel adds its own only where no transport is registered.
        services.RemoveAll<IConnectionListenerFactory>();
        services.AddSingleton(provider => new AcceptGate(
            new SocketTransportFactory(provider.GetRequiredService<IOptions<SocketTransportOptions>>(), provider.GetRequiredService<ILoggerFactory>()),
            provider.GetRequiredService<DescriptorPlan>()));
        services.AddSingleton<IConnectionListenerFactory>(provider => provider.GetRequiredService<AcceptGate>());
        services.AddOptions<KestrelServerOptions>().Configure<DescriptorPlan>((kestrel, plan) =>
        {
            kestrel.Limits.MaxConcurrentConnections = plan.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = plan.MaxUpgradedConnections;
        });
        services.AddSingleton<ConnectionCounts>();
        services.AddSingleton<RefusalThrottle>();
        services.AddSingleton<LongPollingCap>();
        services.Configure<HubOptions>(hubs => hubs.AddFilter<LongPollingCap>());
        // A flood's log lines (Kestrel warns once per connection it rejects) must not block the threads serving
        // requests while the console catches up: past the queue's 2,500 lines, new ones are dropped.
        services.Configure<ConsoleLoggerOptions>(console => console.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite);
        return builder;
    }

    /// <summary>The caps on long-lived connections (<see cref="ConnectionCaps"/>): after authorization, which names the user.</summary>
    public static WebApplication UseConnectionCaps(this WebApplication app)
    {
        app.UseMiddleware<ConnectionCaps>();
        // Once started: the options have been validated by then, so the plan resolves.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var services = app.Services;
            var plan = services.GetRequiredService<DescriptorPlan>();
            var logger = services.GetRequiredService<ILogger<DescriptorPlan>>();
            LimitsLog.Planned(logger, plan);
            var meters = services.GetRequiredService<IMeterFactory>();
            var budget = services.GetRequiredService<SocketBudget>();
            var gate = services.GetRequiredService<AcceptGate>();
            var counts = services.GetRequiredService<ConnectionCounts>();
            DashboardMetrics.Observe(meters, "dashboard.sockets.in_use", "{socket}",
                "Sockets of the budget in use: scans, probes, UDP sends, listeners and their connections", () => budget.InUse);
            DashboardMetrics.Observe(meters, "dashboard.connections.open", "{connection}", "Connections Kestrel holds, upgraded or not", () => gate.Open);
            DashboardMetrics.Observe(meters, "dashboard.hub.connections", "{connection}", "Connections to /hubs/probe held now", () => counts.HubConnections);
        });
        return app;
    }

    /// <summary>Stops the app at start when the split leaves too small a socket budget, naming the settings.</summary>
    private sealed class DescriptorPlanValidation(ProcessDescriptors process, IConfiguration configuration) : IValidateOptions<LimitsOptions>
    {
        public ValidateOptionsResult Validate(string? name, LimitsOptions options) =>
            DescriptorPlan.For(process, DatabaseDescriptors.AtMost(configuration), options).Problem is { } problem
                ? ValidateOptionsResult.Fail(problem)
                : ValidateOptionsResult.Success;
    }
}
