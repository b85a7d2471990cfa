using System.Buffers.Text;
using System.Security.Cryptography;

namespace Dashboard.Web.Hosting;

/// <summary>
/// The per-response nonce that lets the few inline scripts we render ourselves (Blazor's import
/// map, the API reference's start-up) run under the Content-Security-Policy, and nothing injected.
/// </summary>
public static class CspNonce
{
    private static readonly object Key = new();

    /// <summary>This response's nonce, made on first use; <see cref="SecurityHeaders"/> puts it in the policy.</summary>
    public static string Of(HttpContext context)
    {
        if (context.Items[Key] is not string nonce)
        {
            // URL-safe letters only, so the nonce reads the same in the header and in HTML (no "+" to escape).
            nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
            context.Items[Key] = nonce;
        }

        return nonce;
    }

    /// <summary>The nonce if this response used one.</summary>
    internal static string? Used(HttpContext context) => context.Items[Key] as string;
}
