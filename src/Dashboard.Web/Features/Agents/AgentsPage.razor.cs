using System.Globalization;
using Dashboard.Contracts.Agents;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dashboard.Web.Features.Agents;

/// <summary>The Agents page (Admins): make an agent's token, see who is online, revoke.</summary>
public sealed partial class AgentsPage : IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private IReadOnlyList<AgentInfo> _agents = [];
    private string _name = "";
    private string? _problem;
    private AgentCreated? _created;
    private string? _confirm;

    [Inject]
    private AgentService Agents { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private string _serverUrl = "";

    // The token goes through a file, never the command line: a command line is visible to every user of the host and kept in shell history.
    private string RunCommand => _created is null ? "" : string.Join('\n',
        "install -m 600 /dev/null agent.token && cat > agent.token",
        $"dotnet run --project src/Dashboard.Agent -- --server {Shell.Quote(_serverUrl.Trim())} --token-file agent.token --name {Shell.Quote(_created.Agent.Name)}");

    private static string? NameProblemWhileTyping(string name) => string.IsNullOrEmpty(name) ? null : AgentService.NameProblem(name);

    protected override async Task OnInitializedAsync()
    {
        _serverUrl = Navigation.BaseUri.TrimEnd('/');
        await LoadAsync();
        _ = RefreshAsync(_lifetime.Token);
    }

    // Agents come and go: the list is read again every two seconds.
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(LoadAsync);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task LoadAsync()
    {
        _agents = await Agents.ListAsync(Actor.Current, _lifetime.Token);
        StateHasChanged();
    }

    private async Task CreateAsync()
    {
        _problem = null;
        _created = null;
        try
        {
            _created = await Agents.CreateAsync(Actor.Current, new CreateAgentRequest(_name), _lifetime.Token);
            _name = "";
            await LoadAsync();
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private Task OnKeyDownAsync(KeyboardEventArgs e) => e.Key == "Enter" ? CreateAsync() : Task.CompletedTask;

    private async Task RevokeAsync(string id)
    {
        _confirm = null;
        try
        {
            await Agents.RevokeAsync(Actor.Current, id, _lifetime.Token);
            await LoadAsync();
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private static Color StatusColor(AgentStatus status) => status switch
    {
        AgentStatus.Online => Color.Success,
        AgentStatus.Offline => Color.Default,
        _ => Color.Error,
    };

    private static string Seen(DateTimeOffset? at) =>
        at is { } seen ? seen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "never";

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
