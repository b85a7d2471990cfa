using Dashboard.Contracts.Agents;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Agents;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Vantage;

/// <summary>The vantage selector every feature page shows: its value is what requests carry as <c>from</c> ("" for this server).</summary>
public sealed partial class VantageSelect
{
    private IReadOnlyList<VantagePointInfo> _points = [new("", Dashboard.Web.Vantage.LocalVantagePoint.ServerName, true)];

    [Inject]
    private AgentService Agents { get; set; } = default!;

    [Inject]
    private VantageChoices Choices { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    /// <summary>The chosen vantage point's id; "" for this server.</summary>
    [Parameter]
    public string Value { get; set; } = "";

    [Parameter]
    public EventCallback<string> ValueChanged { get; set; }

    /// <summary>The select's element id.</summary>
    [Parameter]
    public string Id { get; set; } = "vantage";

    [Parameter]
    public string Label { get; set; } = "From";

    /// <summary>Remember the choice for the user (false for a second selector such as a path check's far end).</summary>
    [Parameter]
    public bool Remember { get; set; } = true;

    // Said, because it is so: one choice serves every page (and every browser) of this user.
    private string Helper => _points.Count <= 1 ? "Only this server: no agents yet"
        : Remember ? "Where the sockets are opened; also the choice on your other pages" : "Where the sockets are opened";

    protected override async Task OnInitializedAsync()
    {
        var actor = Actor.Current;
        _points = await Agents.VantagePointsAsync(actor, CancellationToken.None);
        var remembered = Remember ? await Choices.GetAsync(actor.Id, CancellationToken.None) : Value;
        var chosen = _points.FirstOrDefault(p => p.Id == remembered && p.Online)?.Id ?? "";
        if (chosen != Value)
        {
            Value = chosen;
            await ValueChanged.InvokeAsync(chosen);
        }
    }

    private async Task OnChangedAsync(string value)
    {
        Value = value ?? "";
        await ValueChanged.InvokeAsync(Value);
        if (Remember)
        {
            await Choices.SetAsync(Actor.Current.Id, Value, CancellationToken.None);
        }
    }
}
