using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Dashboard.Contracts.Trace;
using Dashboard.Web.Features.Trace;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>
    /// Traces to a port (<c>TraceRequest</c>): each hop as soon as all its tries are back, then the whole result; bad input is a
    /// <c>HubException</c>. Closing the stream stops the trace.
    /// </summary>
    public async IAsyncEnumerable<TraceUpdate> Trace(JsonElement request, TraceService traces, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var traceRequest = WireJson.Bind<TraceRequest>(request);
        // At most one message per hop (64) and the result: bounded by the trace itself.
        var updates = Channel.CreateUnbounded<TraceUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Context.ConnectionAborted);
        var actor = Actor;
        var tracing = Task.Run(async () =>
        {
            try
            {
                var result = await traces.TraceAsync(actor, traceRequest, (hop, token) => updates.Writer.WriteAsync(new TraceUpdate(hop, null), token), stop.Token);
                updates.Writer.TryWrite(new TraceUpdate(null, result));
                updates.Writer.TryComplete();
            }
            catch (Exception e)
            {
                updates.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var update in updates.Reader.ReadAllAsync(stop.Token))
            {
                yield return update;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await tracing;
        }
    }
}
