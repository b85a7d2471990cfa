using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Account;

/// <summary>Your tokens (made, listed, revoked) and your password.</summary>
public sealed partial class AccountPage
{
    private IReadOnlyList<TokenSummary> _tokens = [];
    private string _tokenName = "";
    private Role _tokenRole = Role.Viewer;
    private int? _tokenDays = 90;
    private string? _secret;
    private string? _tokenProblem;
    private string _current = "";
    private string _next = "";
    private string? _passwordMessage;
    private bool _passwordChanged;

    [Inject]
    private AccountService Accounts { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;


    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _tokenRole = Actor.Role ?? Role.Viewer;
        await LoadAsync();
    }

    private async Task LoadAsync() => _tokens = await Accounts.ListTokensAsync(Actor.Current, everyone: false, CancellationToken.None);

    private async Task CreateTokenAsync()
    {
        (_secret, _tokenProblem) = (null, null);
        try
        {
            (_, _secret) = await Accounts.CreateTokenAsync(Actor.Current, _tokenName, _tokenRole, _tokenDays, CancellationToken.None);
            _tokenName = "";
            await LoadAsync();
        }
        catch (RequestRefusedException e)
        {
            _tokenProblem = e.Message;
        }
    }

    private async Task RevokeAsync(TokenSummary token)
    {
        try
        {
            await Accounts.RevokeTokenAsync(Actor.Current, token.Id, CancellationToken.None);
            Snackbar.Add($"Token '{token.Name}' revoked", Severity.Info);
            await LoadAsync();
        }
        catch (RequestRefusedException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
    }

    private async Task ChangePasswordAsync()
    {
        try
        {
            await Accounts.ChangePasswordAsync(Actor.Current, _current, _next, CancellationToken.None);
            (_passwordMessage, _passwordChanged, _current, _next) = ("Password changed.", true, "", "");
        }
        catch (RequestRefusedException e)
        {
            (_passwordMessage, _passwordChanged) = (e.Message, false);
        }
    }
}
