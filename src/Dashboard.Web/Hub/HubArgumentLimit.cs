using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hub;

/// <summary>
/// Refuses an argument of <c>/hubs/probe</c> larger than <see cref="ProbeHubLimits.MaxArgumentBytes"/> as JSON, with a
/// message naming the limit and the size. The transport's own maximum is higher, so an ordinary over-size request
/// gets this answer and its connection goes on; only a message past the transport's maximum closes the connection.
/// </summary>
public sealed class HubArgumentLimit(Errors.RefusalHubFilter refusals) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        foreach (var argument in invocationContext.HubMethodArguments)
        {
            if (Problem(invocationContext.HubMethodName, argument) is { } problem)
            {
                // Rendered here, so the answer does not depend on the order the filters run in.
                throw refusals.Render(new InvalidRequestException(problem), invocationContext.HubMethodName, invocationContext.Context.GetHttpContext());
            }
        }

        return next(invocationContext);
    }

    /// <summary>Why <paramref name="argument"/> is too large for <paramref name="method"/>, or null.</summary>
    internal static string? Problem(string method, object? argument)
    {
        // What a client wrote: the requests arrive as JSON elements (their bytes as received), ids as strings.
        long bytes = argument switch
        {
            JsonElement json => JsonMarshal.GetRawUtf8Value(json).Length,
            string text => Encoding.UTF8.GetByteCount(text) + 2,
            _ => 0,
        };
        return bytes <= ProbeHubLimits.MaxArgumentBytes
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"request is {bytes:N0} bytes of JSON; {method} takes at most {ProbeHubLimits.MaxArgumentBytes:N0} bytes an argument (the largest datagram in its longest encoding, and room for the rest)");
    }
}
