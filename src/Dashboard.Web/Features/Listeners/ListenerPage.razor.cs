using Dashboard.Contracts.Listeners;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Web.Features.Listeners;

/// <summary>
/// One listener: its counters, how to reach it, and its events live. Events are taken in as they
/// come and drawn a few times a second; the log follows new events unless the user scrolled up.
/// </summary>
public sealed partial class ListenerPage : IDisposable
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(200);

    private readonly ListenerEventView _log = new(MaxShown);
    private readonly ListenerTraffic _traffic = new();
    private CancellationTokenSource? _watching;
    private string? _watched;
    private string? _problem;
    private long? _connection;
    private ListenerEvent? _selected;
    private volatile bool _dirty;

    /// <summary>Events one page keeps; older ones are let go (and counted).</summary>
    public const int MaxShown = 20_000;

    [Parameter]
    public string ListenerId { get; set; } = "";

    [Inject]
    private ListenerService Listeners { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    /// <summary>The listener as it is now (counters move), or null when it is not known.</summary>
    private ListenerInfo? Info
    {
        get
        {
            try
            {
                return _watched is null ? null : Listeners.Get(Actor.Current, _watched);
            }
            catch (RequestRefusedException e)
            {
                _problem = e.Message;
                return null;
            }
        }
    }

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (_watched == ListenerId)
        {
            return;
        }

        _watching?.Cancel();
        try
        {
            _watched = Listeners.Get(Actor.Current, ListenerId).Id;
            _log.Clear();
            _traffic.Clear();
            _watching = new CancellationTokenSource();
            _ = WatchAsync(Listeners.WatchAsync(Actor.Current, _watched, _watching.Token));
            _ = DrawAsync(_watching.Token);
        }
        catch (RequestRefusedException e)
        {
            (_watched, _problem) = (null, e.Message);
        }
    }

    private async Task WatchAsync(IAsyncEnumerable<ListenerEvent> events)
    {
        try
        {
            await foreach (var e in events)
            {
                _log.Add(e);
                _traffic.Add(e);
                _dirty = true;
            }

            _dirty = true;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    private async Task DrawAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Redraw);
            var ticks = 0;
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // Counters and the TTL countdown move even without events: redraw once a second anyway.
                if (_dirty || ++ticks % 5 == 0)
                {
                    _dirty = false;
                    await InvokeAsync(async () =>
                    {
                        _log.Refresh();
                        StateHasChanged();
                        await JS.InvokeVoidAsync("dashboardLog.follow", "listener-log");
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private void OnConnectionChanged(long? connection)
    {
        _connection = connection;
        _log.Filter(connection);
    }

    private async Task CloseAsync()
    {
        if (!await Dialogs.ConfirmAsync("Close this listener?",
                "It stops listening at once and cuts off anyone connected. A closed listener cannot be reopened: open a new one instead.", "Close listener"))
        {
            return;
        }

        try
        {
            await Listeners.CloseAsync(Actor.Current, _watched);
        }
        catch (RequestRefusedException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
    }

    /// <summary>" (+N lost: receive buffer full)" when the kernel dropped datagrams, else nothing.</summary>
    internal static string Lost(ListenerInfo info) =>
        info.DatagramsLost is > 0 and var lost ? $" (+{lost.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} lost: receive buffer full)" : "";

    /// <summary>Sends go only through a live listener at this server (or another instance), by its owner or an Admin.</summary>
    private bool CanSend(ListenerInfo info) => info.State == ListenerState.Listening && Actor.CanManage(info.Owner);

    private string Left(DateTimeOffset expiresAt) =>
        (expiresAt - Time.GetUtcNow()) is var left && left > TimeSpan.Zero ? left.ToString(@"m\:ss", System.Globalization.CultureInfo.InvariantCulture) : "0:00";

    private IEnumerable<(string Tool, string Command)> Snippets(ListenerInfo info) =>
        ListenerSnippets.For(info, new Uri(Navigation.BaseUri).Host);

    public void Dispose()
    {
        _watching?.Cancel();
        _watching?.Dispose();
    }
}
