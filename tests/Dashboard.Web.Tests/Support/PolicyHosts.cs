using System.Net;
using System.Net.Http.Json;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Dashboard.Web.Features.Audit;
using Dashboard.Web.Features.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Support;

/// <summary>What the policy tests do to a host: users with tokens, rules put through the API, the audit trail read back.</summary>
internal static class PolicyHosts
{

    /// <summary>A new user of <paramref name="role"/> and an API token of theirs.</summary>
    public static async Task<(Actor Actor, string Token)> AddUserAsync(this DashboardHost host, string name, Role role, CancellationToken cancellationToken)
    {
        var accounts = host.Services.GetRequiredService<AccountService>();
        var user = await accounts.AddUserAsync(host.Admin, name, name + "-password-123", role, cancellationToken);
        var actor = new Actor(user.Id, name, role, IPAddress.Loopback, Door.Ui);
        return (actor, (await accounts.CreateTokenAsync(actor, "test", role, null, cancellationToken)).Secret);
    }

    /// <summary>Replaces the Admins' rules through <c>PUT /api/policy</c>, as a script would.</summary>
    public static async Task<PolicyDocument> PutRulesAsync(this DashboardHost host, CancellationToken cancellationToken, params PolicyRuleModel[] rules)
    {
        using var http = host.Http();
        using var response = await http.PutAsJsonAsync(new Uri("api/policy", UriKind.Relative), new PolicyUpdate(rules), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PolicyDocument>(cancellationToken))!;
    }

    public static PolicyRuleModel Deny(string name, params string[] networks) => new(name, "deny", networks);

    public static PolicyRuleModel Allow(string name, params string[] networks) => new(name, "allow", networks);

    /// <summary>The audit rows of <paramref name="action"/> on <paramref name="target"/>, once everything queued is written.</summary>
    public static async Task<IReadOnlyList<AuditRecord>> AuditRowsAsync(this DashboardHost host, string action, string target, CancellationToken cancellationToken)
    {
        await host.Services.GetRequiredService<AuditQueue>().FlushAsync(cancellationToken);
        var page = await host.Services.GetRequiredService<AuditService>().SearchAsync(host.Admin, new AuditFilter(Action: action), 1, AuditService.MaxPageSize, cancellationToken);
        return [.. page.Items.Where(r => r.Target == target)];
    }
}
