using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Dashboard.Agent;

/// <summary>Turns a stream of items into batches: at most <c>max</c> each, sent at the latest a short window after the first.</summary>
public static class Batches
{
    public static async IAsyncEnumerable<List<T>> ReadAsync<T>(IAsyncEnumerable<T> source, int max, TimeSpan window,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded: a dashboard that reads slowly slows the producer (a scan's connects wait), nothing piles up here.
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(max * 2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(cancellationToken))
                {
                    await channel.Writer.WriteAsync(item, cancellationToken);
                }

                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, cancellationToken);

        while (await channel.Reader.WaitToReadAsync(cancellationToken))
        {
            var batch = new List<T>();
            using var windowEnd = new CancellationTokenSource(window);
            while (batch.Count < max)
            {
                while (batch.Count < max && channel.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                if (batch.Count >= max || windowEnd.IsCancellationRequested || channel.Reader.Completion.IsCompleted)
                {
                    break;
                }

                try
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, windowEnd.Token);
                    if (!await channel.Reader.WaitToReadAsync(wait.Token))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }

            yield return batch;
        }

        await producer;
    }
}
