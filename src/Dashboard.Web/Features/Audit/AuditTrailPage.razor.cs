using Dashboard.Web.Access;
using Dashboard.Web.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Audit;

/// <summary>Admins read the audit trail: filter by user, action, outcome and time, page through it, export it as CSV.</summary>
public sealed partial class AuditTrailPage
{
    public const int PageSize = 50;

    private AuditPage _page = new([], 0, 1, PageSize, 0);
    private AuditFilter _filter = new();
    private string? _user;
    private string _action = "";
    private string _outcome = "";
    private string? _from;
    private string? _to;
    private string? _problem;
    private long _dropped;

    [Inject]
    private AuditService Trail { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    private int Pages => PageBounds.Count(_page.Total, PageSize);

    private string CsvHref =>
        $"api/audit.csv?user={Uri.EscapeDataString(_user ?? "")}&action={Uri.EscapeDataString(_action)}&outcome={Uri.EscapeDataString(_outcome)}" +
        $"&from={Uri.EscapeDataString(_from ?? "")}&to={Uri.EscapeDataString(_to ?? "")}";

    protected override Task OnInitializedAsync() => LoadAsync(1);

    private async Task SearchAsync()
    {
        _problem = null;
        try
        {
            _filter = AuditFilter.Parse(_user, _action, _outcome, _from, _to);
        }
        catch (InvalidRequestException e)
        {
            _problem = e.Message;
            return;
        }

        await LoadAsync(1);
    }

    private Task GoToAsync(int page) => LoadAsync(page);

    private async Task LoadAsync(int page)
    {
        _page = await Trail.SearchAsync(Actor.Current, _filter, page, PageSize, CancellationToken.None);
        _dropped = _page.Dropped;
    }

    private static Color OutcomeColor(string outcome) => outcome switch
    {
        "ok" => Color.Success,
        "refused" => Color.Warning,
        _ => Color.Error,
    };
}
