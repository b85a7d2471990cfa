using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Notifications;

/// <summary>The Notifications page (Admins): channels with their counters and last error, a dialog to add or edit one, a test per channel, maintenance windows.</summary>
public sealed partial class NotificationsPage : IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private NotificationsOverview? _overview;
    private string? _problem;
    private string? _secret;
    private DeliveryResult? _tested;
    private bool _testing;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _ = RefreshAsync(_lifetime.Token);
    }

    // Deliveries run in the background: the counters are read again every two seconds.
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(LoadAsync);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _overview = await Notifications.OverviewAsync(Actor.Current, _lifetime.Token);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }

        StateHasChanged();
    }

    private async Task AddAsync()
    {
        var result = await ShowDialogAsync(null);
        if (result is ChannelCreated created)
        {
            _secret = created.Secret;
        }

        await LoadAsync();
    }

    private async Task EditAsync(ChannelView channel)
    {
        await ShowDialogAsync(channel);
        await LoadAsync();
    }

    private async Task<object?> ShowDialogAsync(ChannelView? channel)
    {
        var parameters = new DialogParameters<ChannelDialog> { { d => d.Existing, channel } };
        var dialog = await Dialogs.ShowAsync<ChannelDialog>(channel is null ? "Add channel" : $"Edit {channel.Name}", parameters,
            new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false } ? result.Data : null;
    }

    private async Task TestAsync(ChannelView channel)
    {
        _testing = true;
        _tested = null;
        try
        {
            _tested = await Notifications.TestChannelAsync(Actor.Current, channel.Id, _lifetime.Token);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
        finally
        {
            _testing = false;
        }

        await LoadAsync();
    }

    private async Task DeleteAsync(ChannelView channel)
    {
        if (!await Dialogs.ConfirmAsync($"Delete {channel.Name}?", "Its counters go with it; alerts are no longer sent there.", "Delete channel"))
        {
            return;
        }

        try
        {
            await Notifications.DeleteChannelAsync(Actor.Current, channel.Id, _lifetime.Token);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }

        await LoadAsync();
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
