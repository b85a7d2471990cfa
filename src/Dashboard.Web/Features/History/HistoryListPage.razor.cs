using System.Globalization;
using Dashboard.Contracts.History;
using Dashboard.Web.Access;
using Dashboard.Web.Errors;
using Dashboard.Web.Features.History.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Dashboard.Web.Features.History;

/// <summary>The History page: the team's items with filters and paging; open, run again, pick two scans to compare.</summary>
public sealed partial class HistoryListPage
{
    public const int PageSize = 50;

    private HistoryPage _page = new(1, PageSize, 0, []);
    private HistoryFilter _filter = new();
    private readonly List<string> _picked = [];
    private string? _q;
    private string _kind = "";
    private string? _user;
    private string? _state2;
    private string? _from;
    private string? _to;
    private string? _problem;

    [Inject]
    private HistoryService History { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private int Pages => PageBounds.Count(_page.Total, PageSize);

    protected override Task OnInitializedAsync() => LoadAsync(1);

    private Task OnKeyDownAsync(KeyboardEventArgs e) => e.Key == "Enter" ? SearchAsync() : Task.CompletedTask;

    private async Task SearchAsync()
    {
        _problem = null;
        try
        {
            _filter = HistoryQuery.Parse(_kind, _user, _state2, _from, _to, _q);
        }
        catch (InvalidRequestException e)
        {
            _problem = e.Message;
            return;
        }

        await LoadAsync(1);
    }

    private async Task LoadAsync(int page)
    {
        try
        {
            _page = await History.SearchAsync(Actor.Current, _filter, page, PageSize, CancellationToken.None);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private void Pick(string id, bool on)
    {
        _picked.Remove(id);
        if (on)
        {
            _picked.Add(id);
            if (_picked.Count > 2)
            {
                _picked.RemoveAt(0);
            }
        }
    }

    // The earlier scan first, as ndiff reads: what changed since.
    private void Compare()
    {
        var (a, b) = (_page.Items.FirstOrDefault(i => i.Id == _picked[0]), _page.Items.FirstOrDefault(i => i.Id == _picked[1]));
        var ordered = a is not null && b is not null && a.StartedAt > b.StartedAt ? (_picked[1], _picked[0]) : (_picked[0], _picked[1]);
        Navigation.NavigateTo($"history/compare?a={ordered.Item1}&b={ordered.Item2}");
    }

    private async Task RerunAsync(HistoryEntry item)
    {
        _problem = null;
        try
        {
            Navigation.NavigateTo(await History.RerunAsync(Actor.Current, item.Id, CancellationToken.None));
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private static string Stored(HistoryEntry item) =>
        (item.Kind switch
        {
            HistoryKinds.Scan => string.Create(CultureInfo.InvariantCulture, $"{item.Items:N0} results, "),
            HistoryKinds.Listener => string.Create(CultureInfo.InvariantCulture, $"{item.Items:N0} events, "),
            _ => "",
        }) + SizeText(item.Bytes);

    private static string SizeText(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MiB"),
    };

    private static Color ColorOf(string state) => state switch
    {
        "open" or "replied" or "completed" => Color.Success,
        "closed" or "no-reply" or "stopped" or "cancelled" => Color.Default,
        "running" or "listening" => Color.Info,
        "interrupted" or "filtered" => Color.Warning,
        _ => Color.Error,
    };
}
