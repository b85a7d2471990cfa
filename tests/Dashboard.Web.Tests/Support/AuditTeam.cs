using System.Diagnostics;
using System.Net;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Dashboard.Web.Features.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Support;

/// <summary>A dashboard with an Operator and a Viewer (with tokens), and a way to read its audit trail as an Admin.</summary>
public sealed class AuditTeam : IAsyncLifetime
{
    public DashboardHost Host { get; } = new();

    /// <summary>The first admin, a real user.</summary>
    public Actor Admin => Host.Admin;

    public string OperatorToken { get; private set; } = "";

    public string ViewerToken { get; private set; } = "";

    /// <summary>The Operator as the UI door would present them.</summary>
    public Actor Operator { get; private set; } = null!;

    public AccountService Accounts => Host.Services.GetRequiredService<AccountService>();

    public T Service<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        var otto = await Accounts.AddUserAsync(Admin, "aud-otto", "otto-password-123", Role.Operator, CancellationToken.None);
        Operator = new Actor(otto.Id, "aud-otto", Role.Operator, IPAddress.Loopback, Door.Ui);
        OperatorToken = (await Accounts.CreateTokenAsync(Operator, "test", Role.Operator, null, CancellationToken.None)).Secret;
        var vera = await Accounts.AddUserAsync(Admin, "aud-vera", "vera-password-123", Role.Viewer, CancellationToken.None);
        ViewerToken = (await Accounts.CreateTokenAsync(Operator with { Id = vera.Id, Name = "aud-vera", Role = Role.Viewer }, "test", Role.Viewer, null,
            CancellationToken.None)).Secret;
    }

    /// <summary>The rows of <paramref name="action"/> on <paramref name="target"/>, once everything queued is written.</summary>
    public async Task<IReadOnlyList<AuditRecord>> RowsAsync(string action, string target, CancellationToken cancellationToken)
    {
        await Service<AuditQueue>().FlushAsync(cancellationToken);
        var page = await Service<AuditService>().SearchAsync(Admin, new AuditFilter(Action: action), 1, AuditService.MaxPageSize, cancellationToken);
        return [.. page.Items.Where(r => r.Target == target)];
    }

    /// <summary>
    /// The one row of <paramref name="action"/> on <paramref name="target"/>: for what the server audits after
    /// answering (a scan's end, a listener's expiry) it waits until the row is there, then checks there is one only.
    /// </summary>
    public async Task<AuditRecord> SingleRowAsync(string action, string target, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var rows = await RowsAsync(action, target, cancellationToken);
        while (rows.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50, cancellationToken);
            rows = await RowsAsync(action, target, cancellationToken);
        }

        return Assert.Single(rows);
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
