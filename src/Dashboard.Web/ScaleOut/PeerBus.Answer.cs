using Dashboard.Contracts.Agents;

namespace Dashboard.Web.ScaleOut;

public sealed partial class PeerBus
{
    /// <summary>Bounds the calls this instance answers at once; past it, callers are told to retry.</summary>
    public const int MaxAnswering = 1_024;

    private void Answer(PeerMessage call)
    {
        if (_answering.Count >= MaxAnswering)
        {
            _ = ReplyAsync(call, Failed(call, nameof(ErrorKind.LimitReached), $"instance {me.Name} answers {MaxAnswering} calls at once; try again shortly"));
            return;
        }

        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _answering[call.Id] = cancel;
        _ = AnswerAsync(call, cancel);
    }

    private async Task AnswerAsync(PeerMessage call, CancellationTokenSource cancel)
    {
        // Off the subscription's thread: the next message is read while this one is answered.
        await Task.Yield();
        var handlers = services.GetRequiredService<PeerHandlers>();
        try
        {
            var args = call.Body is { } body ? AgentJson.Read<PeerArgs>(body) : new PeerArgs();
            var op = call.Op ?? "";
            if (PeerHandlers.IsStream(op))
            {
                await foreach (var item in handlers.StreamAsync(op, args, cancel.Token))
                {
                    await ReplyAsync(call, new PeerMessage(PeerMessageTypes.Item, call.Id, me.Name, Body: AgentJson.ToElement(item)));
                }

                await ReplyAsync(call, new PeerMessage(PeerMessageTypes.End, call.Id, me.Name));
            }
            else
            {
                var result = await handlers.CallAsync(op, args, cancel.Token);
                await ReplyAsync(call, new PeerMessage(PeerMessageTypes.Reply, call.Id, me.Name, Body: AgentJson.ToElement(result)));
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The caller went away, or this instance is stopping: the caller's own end tells it so.
        }
        catch (Exception e)
        {
            var (kind, message) = PeerHandlers.ErrorOf(e) ?? (nameof(ErrorKind.Conflict), $"instance {me.Name} failed to answer");
            if (PeerHandlers.ErrorOf(e) is null)
            {
                ScaleOutLog.AnswerFailed(logger, call.Op ?? "", e);
            }

            await ReplyAsync(call, Failed(call, kind, message));
        }
        finally
        {
            _answering.TryRemove(call.Id, out _);
            cancel.Dispose();
        }
    }

    private PeerMessage Failed(PeerMessage call, string kind, string message) =>
        new(PeerMessageTypes.End, call.Id, me.Name, ErrorKind: kind, Error: message);

    private async Task ReplyAsync(PeerMessage call, PeerMessage reply)
    {
        try
        {
            await PublishAsync(call.From, reply);
        }
        catch (StackExchange.Redis.RedisException e)
        {
            ScaleOutLog.ReplyLost(logger, call.From, e.Message);
        }
    }
}
