using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Dashboard.Web.Access;

/// <summary>
/// A Blazor circuit's authentication state, kept present: re-read at once when a change to its user is announced
/// (from any instance) and every <see cref="AuthOptions.RecheckSeconds"/> besides. A demoted user's pages re-render
/// with the lower role (an Admin page then says it needs the Admin role); a disabled user, a revoked session or a
/// changed password leave the circuit signed out, with the reason (<see cref="UiActor.EndedBecause"/>).
/// </summary>
public sealed class PresentAuthenticationState : ServerAuthenticationStateProvider, IDisposable
{
    private readonly PresentAccess _access;
    private readonly UiActor _actor;
    private readonly IDisposable _changes;
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _checking = new(1, 1);

    public PresentAuthenticationState(PresentAccess access, UiActor actor)
    {
        (_access, _actor) = (access, actor);
        // Every circuit looks: a look at a user nobody changed is answered from memory.
        _changes = access.OnChanged(_ => RecheckSoon());
        _ = RecheckEveryIntervalAsync();
    }

    public void Dispose()
    {
        _changes.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private void RecheckSoon() => _ = RecheckAsync();

    /// <summary>Re-reads the signed-in user now; the tests and the change handler call it.</summary>
    public async Task RecheckAsync()
    {
        try
        {
            await _checking.WaitAsync(_disposed.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            var current = (await GetAuthenticationStateAsync()).User;
            if (!PresentAccess.IsPerson(current))
            {
                return;
            }

            var presence = await _access.CheckAsync(current, _disposed.Token);
            if (presence.Role is { } role)
            {
                if (current.FindFirstValue(ClaimTypes.Role) != role.ToString())
                {
                    Set(PresentAccess.WithRole(current, role), null);
                }
            }
            else
            {
                Set(new ClaimsPrincipal(new ClaimsIdentity()), presence.EndedBecause);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _checking.Release();
        }
    }

    // The actor first: re-rendering may begin inside SetAuthenticationState, and what it renders asks the actor.
    private void Set(ClaimsPrincipal user, string? endedBecause)
    {
        _actor.Follow(user, endedBecause);
        SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
    }

    private async Task RecheckEveryIntervalAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(_access.RecheckInterval);
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                await RecheckAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
