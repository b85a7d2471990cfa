using System.Diagnostics;
using System.Net;

namespace Dashboard.Tests.Support;

/// <summary>
/// Polls <c>/healthz</c> every <see cref="Interval"/> on a fresh connection each time, as a load balancer
/// does, and records how long each poll took to get its <c>200</c>. A connection the server closed
/// before answering (its connection cap) is retried at once and counted; the poll's time includes it.
/// </summary>
public sealed class HealthPoller : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest one poll waits for an answer before it counts as unanswered.</summary>
    public static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly Uri _healthz;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _latenciesMs = [];
    private readonly Task _polling;
    private int _retries;
    private int _unanswered;

    public HealthPoller(Uri baseAddress)
    {
        _http = new HttpClient { Timeout = GiveUp };
        _healthz = new Uri(baseAddress, "healthz");
        _polling = Task.Run(PollAsync);
    }

    /// <summary>Polls answered so far.</summary>
    public int Polls
    {
        get
        {
            lock (_latenciesMs)
            {
                return _latenciesMs.Count;
            }
        }
    }

    /// <summary>Connections closed before an answer, each retried within its poll.</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>Polls without a <c>200</c> within <see cref="GiveUp"/>.</summary>
    public int Unanswered => Volatile.Read(ref _unanswered);

    /// <summary>The slowest answer so far, in milliseconds.</summary>
    public double WorstMs => Percentile(100);

    /// <summary>The <paramref name="percent"/>th percentile of answer times so far, in milliseconds.</summary>
    public double Percentile(double percent)
    {
        lock (_latenciesMs)
        {
            if (_latenciesMs.Count == 0)
            {
                return 0;
            }

            var sorted = _latenciesMs.Order().ToList();
            return sorted[(int)Math.Clamp(Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            if (await AnsweredAsync(started))
            {
                lock (_latenciesMs)
                {
                    _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            else if (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _unanswered);
            }

            var wait = Interval - Stopwatch.GetElapsedTime(started);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> AnsweredAsync(long started)
    {
        while (Stopwatch.GetElapsedTime(started) < GiveUp && !_stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _healthz);
            request.Headers.ConnectionClose = true;
            try
            {
                using var response = await _http.SendAsync(request, _stop.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Closed or reset before an answer: Kestrel's connection cap, or a moment without a descriptor.
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(10, CancellationToken.None);
        }

        return false;
    }
}
