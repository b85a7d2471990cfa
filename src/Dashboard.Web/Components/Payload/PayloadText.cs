using Dashboard.Contracts;
using Dashboard.Sockets.Payloads;

namespace Dashboard.Web.Components.Payload;

/// <summary>Payloads as the forms handle them: the same codec the services apply, so a form never accepts what a send refuses.</summary>
public static class PayloadText
{
    public static IReadOnlyList<PayloadEncoding> Encodings => PayloadCodec.Encodings;

    /// <summary>The wire name: <c>text</c>, <c>hex</c>, <c>base64</c>.</summary>
    public static string NameOf(PayloadEncoding encoding) => encoding.ToString().ToLowerInvariant();

    /// <summary>The bytes, or why the payload cannot be decoded (and no bytes).</summary>
    public static (byte[] Bytes, string? Problem) Decode(string? payload, PayloadEncoding encoding, string field = "payload")
    {
        try
        {
            return (PayloadCodec.Decode(payload, encoding, field), null);
        }
        catch (InvalidRequestException e)
        {
            return ([], e.Message);
        }
    }
}
