using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Account;

/// <summary>Admins add users, change roles, disable, enable and delete them (asked first), and revoke anyone's tokens.</summary>
public sealed partial class UsersPage
{
    private IReadOnlyList<UserSummary> _users = [];
    private IReadOnlyList<TokenSummary> _tokens = [];
    private string _name = "";
    private string _password = "";
    private Role _role = Role.Operator;
    private string? _problem;

    [Inject]
    private AccountService Accounts { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _users = await Accounts.ListUsersAsync(Actor.Current, CancellationToken.None);
        _tokens = await Accounts.ListTokensAsync(Actor.Current, everyone: true, CancellationToken.None);
    }

    private async Task AddAsync()
    {
        _problem = null;
        try
        {
            var added = await Accounts.AddUserAsync(Actor.Current, _name, _password, _role, CancellationToken.None);
            Snackbar.Add($"{added.UserName} added as {added.Role}", Severity.Success);
            (_name, _password) = ("", "");
            await LoadAsync();
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
    }

    private Task SetRoleAsync(UserSummary user, Role role) =>
        ActAsync(() => Accounts.SetRoleAsync(Actor.Current, user.Id, role, CancellationToken.None), $"{user.UserName} is now {role.WithArticle()}");

    private async Task SetDisabledAsync(UserSummary user, bool disabled)
    {
        if (disabled && !await Dialogs.ConfirmAsync($"Disable {user.UserName}?",
                $"{user.UserName} is signed out everywhere at once: their open pages and connections end and their tokens stop working, until an Admin enables them again.",
                "Disable"))
        {
            return;
        }

        await ActAsync(() => Accounts.SetDisabledAsync(Actor.Current, user.Id, disabled, CancellationToken.None),
            $"{user.UserName} {(disabled ? "disabled: their open pages, connections and tokens ended" : "enabled")}");
    }

    private async Task DeleteAsync(UserSummary user)
    {
        if (!await Dialogs.ConfirmAsync($"Delete {user.UserName}?",
                $"{user.UserName}{TokensPhrase(user.ActiveTokens)} deleted; their open pages and connections end. "
                + "What they did stays in history and the audit trail under their name. This cannot be undone.",
                "Delete user"))
        {
            return;
        }

        await ActAsync(() => Accounts.DeleteUserAsync(Actor.Current, user.Id, CancellationToken.None), $"{user.UserName} deleted");
    }

    private Task RevokeAsync(TokenSummary token) =>
        ActAsync(() => Accounts.RevokeTokenAsync(Actor.Current, token.Id, CancellationToken.None), $"{token.Owner}'s token '{token.Name}' revoked");

    private static string TokensPhrase(int active) => active switch
    {
        0 => " is",
        1 => " and their active token are",
        _ => $" and their {active} active tokens are",
    };

    private async Task ActAsync(Func<Task> action, string done)
    {
        try
        {
            await action();
            Snackbar.Add(done, Severity.Info);
        }
        catch (RequestRefusedException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }

        await LoadAsync();
    }
}
