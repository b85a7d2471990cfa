using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Dashboard.Web.Features.Notifications;

/// <summary>Webhook, Slack-compatible and ntfy deliveries: one POST each through <see cref="ChannelHttp"/>.</summary>
public sealed class HttpChannelSender(IHttpClientFactory clients, TimeProvider time, IOptions<NotificationOptions> options)
{
    /// <exception cref="DeliveryFailedException">Refused by the policy, no answer, or an answer other than 2xx (after retries).</exception>
    public async Task SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        using var request = delivery.Kind switch
        {
            ChannelKinds.Webhook => Webhook(delivery.Secrets, delivery.Notice, time.GetUtcNow()),
            ChannelKinds.Slack => Json(delivery.Secrets.Url!, delivery.Notice.SlackJson()),
            _ => Ntfy(delivery.Secrets, delivery.Notice),
        };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("SocketDashboard", "1"));
        request.Options.Set(ChannelHttp.ActorKey, delivery.Actor);
        var client = clients.CreateClient(ChannelHttp.ClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (ChannelHttp.IsRefused(e))
        {
            throw new DeliveryFailedException((e as DestinationRefusedException ?? (DestinationRefusedException)e.InnerException!).Message);
        }
        catch (TimeoutRejectedException)
        {
            throw new DeliveryFailedException($"no answer in time (each attempt may take {options.Value.AttemptTimeoutSeconds} s, all of them {options.Value.TotalTimeoutSeconds} s)");
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryFailedException($"{e.Message}{Retried}");
        }

        using (response)
        {
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                throw new DeliveryFailedException(
                    $"the destination answered {status}, a redirect to {response.Headers.Location?.ToString() ?? "nowhere"}; redirects are not followed");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new DeliveryFailedException($"the destination answered {status}{(IsTransient(response.StatusCode) ? Retried : "")}");
            }
        }
    }

    private string Retried => options.Value.MaxRetries > 0 ? $" (tried {options.Value.MaxRetries + 1} times)" : "";

    private static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary><c>sha256=</c> and the hex HMAC-SHA256 of <c>timestamp.body</c>, keyed with the secret's UTF-8 bytes.</summary>
    public static string Signature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    private static HttpRequestMessage Webhook(ChannelSecrets secrets, Notice notice, DateTimeOffset now)
    {
        var body = notice.WebhookJson();
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Json(secrets.Url!, body);
        request.Headers.Add("X-Dashboard-Event", notice.Event);
        request.Headers.Add("X-Dashboard-Timestamp", timestamp);
        request.Headers.Add("X-Dashboard-Signature", Signature(secrets.HmacSecret!, timestamp, body));
        return request;
    }

    private static HttpRequestMessage Json(string url, string body) =>
        new(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpRequestMessage Ntfy(ChannelSecrets secrets, Notice notice)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, NtfyUrl(secrets.Server!, secrets.Topic!))
        {
            Content = new StringContent(notice.Text(), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Title", HeaderText(notice.Title));
        request.Headers.Add("Priority", notice.NtfyPriority);
        request.Headers.Add("Tags", notice.NtfyTags);
        if (!string.IsNullOrEmpty(secrets.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secrets.Token);
        }

        return request;
    }

    public static string NtfyUrl(string server, string topic) => server.TrimEnd('/') + "/" + Uri.EscapeDataString(topic);

    // Headers are ASCII: a title with other characters goes as RFC 2047 encoded-word, which ntfy decodes.
    private static string HeaderText(string text) =>
        text.All(c => c is >= ' ' and <= '~') ? text : $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}?=";
}

/// <summary>One channel's delivery as the senders need it.</summary>
/// <param name="ChannelName">The channel's name.</param>
/// <param name="Kind">One of <see cref="ChannelKinds.All"/>.</param>
/// <param name="Secrets">Decrypted, for this delivery only.</param>
/// <param name="Plain">The settings that are no secret.</param>
/// <param name="Notice">What is told.</param>
/// <param name="Actor">The channel's owner with the role stored now: the policy checks destinations for them.</param>
public sealed record Delivery(string ChannelName, string Kind, ChannelSecrets Secrets, ChannelPlain Plain, Notice Notice, Access.Actor Actor);

/// <summary>A delivery that did not arrive; the message says why in words (no stack trace).</summary>
public sealed class DeliveryFailedException : Exception
{
    public DeliveryFailedException()
    {
    }

    public DeliveryFailedException(string message) : base(message)
    {
    }

    public DeliveryFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
