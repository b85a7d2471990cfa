using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Watches.Pages;

/// <summary>
/// One watch: its state per vantage point, a timeline and round trips of its recent runs, its incidents and its runs
/// page by page; run now, pause, edit and delete for its owner or an Admin. Re-read live when it changes.
/// </summary>
public sealed partial class WatchPage : IDisposable
{
    /// <summary>Runs the timeline and the chart draw.</summary>
    public const int RecentRuns = 120;

    public const int PageSize = 20;

    private WatchView? _watch;
    private IReadOnlyList<WatchRunView> _runs = [];
    private IReadOnlyList<WatchRunView> _page = [];
    private readonly Stack<long?> _pages = new();
    private IReadOnlyList<WatchIncidentView> _incidents = [];
    private IReadOnlyList<WatchUptime> _uptime = [];
    private string? _problem;
    private LiveReload? _live;

    [Parameter]
    public string WatchId { get; set; } = "";

    [Inject]
    private WatchReads Reads { get; set; } = default!;

    [Inject]
    private WatchService Watches { get; set; } = default!;

    [Inject]
    private WatchEvents Events { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _pages.Clear();
        await LoadAsync();
    }

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

    private void OnChanged(IReadOnlyCollection<string> ids)
    {
        if (_watch is null || ids.Contains(_watch.Id))
        {
            _live?.Poke();
        }
    }

    private async Task LoadAsync()
    {
        var actor = Actor.Current;
        try
        {
            _watch = await Reads.GetAsync(actor, WatchId, CancellationToken.None);
            _runs = await Reads.RunsAsync(actor, _watch.Id, null, RecentRuns, null, CancellationToken.None);
            _incidents = await Reads.IncidentsAsync(actor, _watch.Id, false, 50, CancellationToken.None);
            _uptime = await Reads.UptimeAsync(actor, _watch.Id, CancellationToken.None);
            if (_pages.Count == 0)
            {
                _page = [.. _runs.Take(PageSize)];
            }
        }
        catch (RequestRefusedException e) when (e.Kind == ErrorKind.NotFound && _watch is not null)
        {
            // Deleted while open (here or elsewhere): say so rather than show what no longer is.
            (_watch, _problem) = (null, $"This watch was deleted. {e.Message}");
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private async Task OlderAsync()
    {
        if (_watch is null || _page.Count == 0)
        {
            return;
        }

        _pages.Push(_page[0].Id + 1);
        _page = await Reads.RunsAsync(Actor.Current, _watch.Id, null, PageSize, _page[^1].Id, CancellationToken.None);
    }

    private async Task NewerAsync()
    {
        if (_watch is null || !_pages.TryPop(out var before))
        {
            return;
        }

        _page = _pages.Count == 0 ? [.. _runs.Take(PageSize)] : await Reads.RunsAsync(Actor.Current, _watch.Id, null, PageSize, before, CancellationToken.None);
    }

    private Task RunNowAsync() => ActAsync(actor => Watches.RunNowAsync(actor, _watch!.Id, CancellationToken.None), "Run asked for: its result shows here when it is in.");

    private Task TogglePausedAsync() => ActAsync(actor => Watches.SetPausedAsync(actor, _watch!.Id, _watch.Spec.Paused != true, CancellationToken.None), null);

    private async Task DeleteAsync()
    {
        if (_watch is null || !await Dialogs.ConfirmAsync($"Delete {_watch.Spec.Name}?",
                "Its schedule, runs and hourly figures go at once; its incidents stay until retention. This cannot be undone.", "Delete watch"))
        {
            return;
        }

        try
        {
            await Watches.DeleteAsync(Actor.Current, _watch.Id, CancellationToken.None);
            Navigation.NavigateTo("watches");
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private async Task ActAsync(Func<Actor, Task<WatchView>> act, string? said)
    {
        try
        {
            _problem = null;
            await act(Actor.Current);
            if (said is not null)
            {
                Snackbar.Add(said, Severity.Info);
            }

            await LoadAsync();
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private string VantageName(string vantage) =>
        _watch?.States.FirstOrDefault(s => string.Equals(s.Vantage, vantage, StringComparison.OrdinalIgnoreCase))?.VantageName ?? (vantage.Length == 0 ? "this server" : vantage);

    private static string Schedule(WatchSpec spec) => spec.Cron is { } cron
        ? $"cron {cron} ({(string.IsNullOrEmpty(spec.TimeZone) ? "UTC" : spec.TimeZone)})"
        : $"every {spec.IntervalSeconds} s";

    public void Dispose() => Events.Changed -= OnChanged;
}
