using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features.Watches.StatusPages;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Watches.Pages;

/// <summary>A group's status page for the signed in, live; an Admin makes it public, rotates its address or makes it private.</summary>
public sealed partial class StatusPage : IDisposable
{
    private StatusBoard? _board;
    private StatusPageView? _settings;
    private string? _problem;
    private LiveReload? _live;

    [Parameter]
    public string Group { get; set; } = "";

    [Inject]
    private StatusPageService StatusPages { get; set; } = default!;

    [Inject]
    private WatchEvents Events { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override Task OnParametersSetAsync() => LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _live = new LiveReload(() => InvokeAsync(async () =>
            {
                try
                {
                    await LoadAsync();
                    StateHasChanged();
                }
                catch (Exception e)
                {
                    await DispatchExceptionAsync(e);
                }
            }));
            Events.Changed += OnChanged;
        }
    }

    private void OnChanged(IReadOnlyCollection<string> ids) => _live?.Poke();

    private async Task LoadAsync()
    {
        try
        {
            var actor = Actor.Current;
            _board = await StatusPages.BoardAsync(actor, Group, CancellationToken.None);
            _settings = await StatusPages.GetAsync(actor, Group, CancellationToken.None);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private Task SetPublicAsync(bool isPublic) => ChangeAsync(actor => StatusPages.UpdateAsync(actor, Group, new StatusPageSettings(IsPublic: isPublic), CancellationToken.None));

    private Task SetDetailsAsync(bool show) => ChangeAsync(actor => StatusPages.UpdateAsync(actor, Group, new StatusPageSettings(ShowDetails: show), CancellationToken.None));

    private async Task RotateAsync()
    {
        if (await Dialogs.ConfirmAsync("Give the page a new address?", "The present address stops working at once; whoever has it needs the new one.", "New address"))
        {
            await ChangeAsync(actor => StatusPages.RotateAsync(actor, Group, CancellationToken.None));
        }
    }

    private async Task ChangeAsync(Func<Actor, Task<StatusPageView>> change)
    {
        try
        {
            _problem = null;
            _settings = await change(Actor.Current);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    public void Dispose() => Events.Changed -= OnChanged;
}
