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
            var request = call.Call ?? throw new InvalidRequestException("call is required in a call");
            if (request.Streams)
            {
                await foreach (var item in handlers.StreamAsync(request, cancel.Token))
                {
                    await ReplyAsync(call, Answer(call, PeerMessageTypes.Item, item));
                }

                await ReplyAsync(call, Answer(call, PeerMessageTypes.End, null));
            }
            else
            {
                await ReplyAsync(call, Answer(call, PeerMessageTypes.Reply, await handlers.CallAsync(request, cancel.Token)));
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
                ScaleOutLog.AnswerFailed(logger, call.Call?.GetType().Name ?? "", e);
            }

            await ReplyAsync(call, Failed(call, kind, message));
        }
        finally
        {
            _answering.TryRemove(call.Id, out _);
            cancel.Dispose();
        }
    }

    private PeerMessage Answer(PeerMessage call, string type, object? body) =>
        new(PeerMessage.CurrentVersion, type, call.Id, me.Name, Body: body is null ? null : AgentJson.ToElement(body));

    private PeerMessage Failed(PeerMessage call, string kind, string message) =>
        new(PeerMessage.CurrentVersion, PeerMessageTypes.End, call.Id, me.Name, ErrorKind: kind, Error: message);

    /// <summary>
    /// A message of another protocol version: logged, and a call is refused in this version's words (a caller of that
    /// version may not read them, but its own timeout ends its wait); a reply fails the call it answers here.
    /// </summary>
    private void Refuse(PeerMessage message)
    {
        ScaleOutLog.VersionRefused(logger, message.Version, message.From, PeerMessage.CurrentVersion);
        var problem = $"instance {message.From} speaks peer protocol version {message.Version} and instance {me.Name} version {PeerMessage.CurrentVersion}: " +
            "every instance of a deployment must run the same version of the dashboard";
        if (message.Type == PeerMessageTypes.Call)
        {
            _ = ReplyAsync(message, Failed(message, nameof(ErrorKind.Conflict), problem));
        }
        else if (_pending.TryGetValue(message.Id, out var pending))
        {
            pending.Fail(RequestRefusedException.Conflict(problem));
        }
    }

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
