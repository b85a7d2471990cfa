using Dashboard.Sockets.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Policy;

public static class PolicyExtensions
{
    /// <summary>The target policy, the listener policy and the quotas, bound to <c>Policy</c>; a bad setting stops the start.</summary>
    public static WebApplicationBuilder AddPolicyFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddPolicyFeature();
        builder.Services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.Section);
        return builder;
    }

    /// <summary>The same without configuration (component tests).</summary>
    public static IServiceCollection AddPolicyFeature(this IServiceCollection services)
    {
        services.AddOptions<PolicyOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PolicyOptions>, PolicyOptionsValidation>();
        services.AddSingleton<ListenerPolicy>();
        // A scale-out seam: the single-instance default, replaced by AddScaleOut before or after.
        services.TryAddSingleton<ISharedQuotaWindows, UnsharedQuotaWindows>();
        services.AddSingleton<Quotas>();
        services.AddSingleton<PolicyService>();
        services.AddSingleton<TargetGate>();
        services.AddSingleton<ListenerReplyGate>();
        // In place of the engine's default (the shipped rules alone), whether the engine was added before or after:
        // the engine only adds its default where none is registered.
        services.RemoveAll<Sockets.Listeners.IListenerReplyPolicy>();
        services.AddSingleton<Sockets.Listeners.IListenerReplyPolicy>(provider => provider.GetRequiredService<ListenerReplyGate>());
        return services;
    }
}

/// <summary>Parses the configured rules and listener networks at start, so a typo stops the app with the field named.</summary>
internal sealed class PolicyOptionsValidation(IOptions<Features.Scan.ScanJobOptions> scans) : IValidateOptions<PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyOptions options)
    {
        var failures = new List<string>();
        try
        {
            _ = PolicyPresets.Rules(options.Preset);
        }
        catch (ArgumentException e)
        {
            failures.Add(e.Message);
        }

        for (var i = 0; i < options.Rules.Count; i++)
        {
            var r = options.Rules[i];
            try
            {
                _ = PolicyRuleText.Parse(r.Name, r.Action, [r.Networks ?? ""], r.Ports, [r.Roles ?? ""], builtIn: true, field: $"Policy:Rules:{i}");
            }
            catch (InvalidRequestException e)
            {
                failures.Add(e.Message);
            }
        }

        foreach (var network in (options.Listeners.BindNetworks ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                _ = PolicyRuleText.Network(network, "Policy:Listeners:BindNetworks");
            }
            catch (InvalidRequestException e)
            {
                failures.Add(e.Message);
            }
        }

        var serverScans = scans.Value.MaxRunning;
        if (options.Quotas.ConcurrentScans >= serverScans)
        {
            failures.Add($"Policy:Quotas:ConcurrentScans ({options.Quotas.ConcurrentScans}) must be below {Features.Scan.ScanJobOptions.Section}:MaxRunning ({serverScans}): " +
                         "otherwise one user's scans can take every slot of the server; lower it or raise MaxRunning");
        }

        if (options.Listeners.MinPort > options.Listeners.MaxPort)
        {
            failures.Add($"Policy:Listeners:MinPort ({options.Listeners.MinPort}) must not be above MaxPort ({options.Listeners.MaxPort})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
