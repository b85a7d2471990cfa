using Dashboard.Contracts.Watches;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Features.Watches.Pages;

/// <summary>Every watch with its state per vantage point, filtered by group, state, owner and text; re-read live on every change.</summary>
public sealed partial class WatchesPage : IDisposable
{
    private IReadOnlyList<WatchView> _watches = [];
    private IReadOnlyList<string> _groups = [];
    private IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>> _uptimes = new Dictionary<string, IReadOnlyDictionary<string, double?>>();
    private string _group = "";
    private WatchStatus? _status;
    private string _owner = "";
    private string _text = "";
    private string? _problem;
    private bool _loaded;
    private LiveReload? _live;

    [Inject]
    private WatchReads Reads { get; set; } = default!;

    [Inject]
    private WatchEvents Events { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    /// <summary>A group to show at first (<c>?group=</c>): the link from a status page.</summary>
    [SupplyParameterFromQuery(Name = "group")]
    public string? InitialGroup { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _group = InitialGroup ?? "";
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

    private void OnChanged(IReadOnlyCollection<string> ids) => _live?.Poke();

    private async Task LoadAsync()
    {
        var actor = Actor.Current;
        try
        {
            _watches = await Reads.ListAsync(actor, new WatchFilter(_group, _status, _owner, _text), CancellationToken.None);
            _groups = await Reads.GroupsAsync(actor, CancellationToken.None);
            _uptimes = await Reads.DayUptimesAsync(actor, CancellationToken.None);
            _problem = null;
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }

        _loaded = true;
    }

    private string Uptime(WatchView watch) => _uptimes.TryGetValue(watch.Id, out var byVantage)
        ? string.Join(" · ", watch.States.Select(s => byVantage.TryGetValue(s.Vantage, out var share) ? WatchWords.Share(share) : "no runs"))
        : "no runs";

    private Task OnGroupChanged(string group) => Refilter(() => _group = group ?? "");

    private Task OnStatusChanged(WatchStatus? status) => Refilter(() => _status = status);

    private Task OnOwnerChanged(string owner) => Refilter(() => _owner = owner ?? "");

    private Task OnTextChanged(string text) => Refilter(() => _text = text ?? "");

    private async Task Refilter(Action change)
    {
        change();
        await LoadAsync();
    }

    public void Dispose() => Events.Changed -= OnChanged;
}
