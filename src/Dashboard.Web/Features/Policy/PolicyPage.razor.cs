using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Features.Policy;

/// <summary>Admins read and edit the target policy: add, edit, move and delete their rules; built-in ones are shown only.</summary>
public sealed partial class PolicyPage
{
    private PolicyDocument? _document;
    private string? _problem;
    private RuleDraft? _editing;

    [Inject]
    private PolicyService Policy { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    private List<PolicyRuleModel> Editable => [.. _document?.Rules.Where(r => !r.BuiltIn) ?? []];

    protected override async Task OnInitializedAsync() => _document = await Policy.GetAsync(Actor.Current, CancellationToken.None);

    private void StartAdd() => _editing = new RuleDraft { Index = -1 };

    private void StartEdit(int index) => _editing = RuleDraft.From(Editable[index], index);

    private Task SaveEditAsync(RuleDraft draft)
    {
        var rules = Editable;
        var rule = draft.ToModel();
        if (draft.Index < 0)
        {
            rules.Add(rule);
        }
        else
        {
            rules[draft.Index] = rule;
        }

        return SaveAsync(rules, closeEditor: true);
    }

    private Task MoveAsync(int index, int by)
    {
        var rules = Editable;
        (rules[index], rules[index + by]) = (rules[index + by], rules[index]);
        return SaveAsync(rules);
    }

    private Task DeleteAsync(int index)
    {
        var rules = Editable;
        rules.RemoveAt(index);
        return SaveAsync(rules);
    }

    private async Task SaveAsync(List<PolicyRuleModel> rules, bool closeEditor = false)
    {
        try
        {
            _document = await Policy.ReplaceAsync(Actor.Current, new PolicyUpdate(rules), CancellationToken.None);
            _problem = null;
            if (closeEditor)
            {
                _editing = null;
            }
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }
}

/// <summary>A rule being added or edited, as the form's fields hold it.</summary>
public sealed class RuleDraft
{
    /// <summary>Its place among the editable rules; -1 for a new one (added last).</summary>
    public int Index { get; set; } = -1;

    public string Name { get; set; } = "";

    public string Action { get; set; } = "deny";

    public string Networks { get; set; } = "";

    public string Ports { get; set; } = "";

    public IReadOnlyCollection<string> Roles { get; set; } = [];

    public static RuleDraft From(PolicyRuleModel rule, int index) => new()
    {
        Index = index,
        Name = rule.Name,
        Action = rule.Action,
        Networks = string.Join(", ", rule.Networks),
        Ports = rule.Ports ?? "",
        Roles = [.. rule.Roles ?? []],
    };

    public PolicyRuleModel ToModel() => new(Name, Action, [Networks], Ports, [.. Roles]);
}
