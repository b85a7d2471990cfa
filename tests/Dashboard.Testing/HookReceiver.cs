using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Tests.Support;

/// <summary>
/// A real HTTP receiver on a loopback address (Kestrel), as a team's webhook endpoint, Slack or ntfy would be: it
/// records every request it gets and answers what <see cref="Answer"/> says for the n-th one (1-based).
/// </summary>
public sealed class HookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private int _count;

    private HookReceiver(WebApplication app) => _app = app;

    /// <summary>The status (and, for a redirect, the Location) to answer the n-th request with; 200 by default.</summary>
    public Func<int, (int Status, string? Location)> Answer { get; set; } = _ => (200, null);

    /// <summary>Awaited before answering: lets a test hold a delivery in flight.</summary>
    public Task Hold { get; set; } = Task.CompletedTask;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<HookReceiver> StartAsync(IPAddress address, CancellationToken cancellationToken)
    {
        // Empty: none of the test folder's appsettings (the dashboard's allowed hosts) applies to this receiver.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(address, 0));
        var app = builder.Build();
        var receiver = new HookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync(cancellationToken);
        receiver.Url = new Uri(app.Urls.First() + "/");
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (_received.Count < count)
        {
            await Task.Delay(20, timeout.Token);
        }

        return Received;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body));
        await Hold;
        var (status, location) = Answer(Interlocked.Increment(ref _count));
        context.Response.StatusCode = status;
        if (location is not null)
        {
            context.Response.Headers.Location = location;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
