using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Dashboard.Web.Features.Notifications;

/// <summary>A channel's secrets: every URL, the HMAC secret, the ntfy topic and token, the SMTP password. Stored only encrypted.</summary>
public sealed record ChannelSecrets(string? Url = null, string? HmacSecret = null, string? Server = null, string? Topic = null, string? Token = null,
    string? Password = null);

/// <summary>A channel's settings that are no secret (e-mail's).</summary>
public sealed record ChannelPlain(string? Host = null, int? Port = null, string? Security = null, string? User = null, string? From = null,
    IReadOnlyList<string>? To = null);

/// <summary>Encrypts and decrypts <see cref="ChannelSecrets"/> with ASP.NET Core data protection, under a purpose of its own.</summary>
public sealed class ChannelSecretBox(IDataProtectionProvider provider)
{
    public const string Purpose = "Dashboard.Notifications.ChannelSecrets.v1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Seal(ChannelSecrets secrets) => _protector.Protect(JsonSerializer.Serialize(secrets, Json));

    /// <exception cref="System.Security.Cryptography.CryptographicException">The keys that sealed it are gone.</exception>
    public ChannelSecrets Open(string sealedText) =>
        string.IsNullOrEmpty(sealedText) ? new ChannelSecrets() : JsonSerializer.Deserialize<ChannelSecrets>(_protector.Unprotect(sealedText), Json)!;

    public static string PlainText(ChannelPlain plain) => JsonSerializer.Serialize(plain, Json);

    public static ChannelPlain Plain(string text) => JsonSerializer.Deserialize<ChannelPlain>(string.IsNullOrEmpty(text) ? "{}" : text, Json)!;
}

/// <summary>How secrets are shown: enough to recognise one, never enough to use it.</summary>
public static class SecretMask
{
    /// <summary><c>https://hooks.slack.com/…x9Qz</c>: the scheme, host and port, then the last four characters.</summary>
    public static string? Url(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : $":{uri.Port}")}/…{Last4(url)}"
            : "…" + Last4(url);
    }

    /// <summary><c>…1f2e</c>; a value of 8 characters or fewer shows nothing of itself.</summary>
    public static string? Secret(string? secret) => string.IsNullOrEmpty(secret) ? null : "…" + (secret.Length > 8 ? Last4(secret) : "");

    private static string Last4(string text) => text.Length <= 8 ? "" : text[^4..];
}
