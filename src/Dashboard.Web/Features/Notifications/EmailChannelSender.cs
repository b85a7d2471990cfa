using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// E-mail over SMTP with MailKit. The server's name is resolved and checked by <see cref="DestinationCheck"/>, the
/// socket connected here to that address, and handed to MailKit: it never resolves the name itself. Retried with
/// backoff like the HTTP channels, except what retrying cannot mend (a denial, a 5xx answer, a refused password).
/// </summary>
public sealed class EmailChannelSender
{
    private readonly DestinationCheck _check;
    private readonly NotificationOptions _options;
    private readonly ResiliencePipeline _pipeline;

    public EmailChannelSender(DestinationCheck check, IOptions<NotificationOptions> options)
    {
        (_check, _options) = (check, options.Value);
        var builder = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(_options.TotalTimeoutSeconds));
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(_options.RetryDelayMs),
                ShouldHandle = new PredicateBuilder()
                    .Handle<SmtpCommandException>(e => (int)e.StatusCode is >= 400 and < 500)
                    .Handle<IOException>(e => e is not DestinationRefusedException)
                    .Handle<SocketException>()
                    .Handle<SmtpProtocolException>()
                    .Handle<TimeoutRejectedException>(),
            });
        }

        _pipeline = builder.AddTimeout(TimeSpan.FromSeconds(_options.AttemptTimeoutSeconds)).Build();
    }

    /// <exception cref="DeliveryFailedException">Refused by the policy, or the server did not take the mail.</exception>
    public async Task SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var plain = delivery.Plain;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(plain.From!));
        foreach (var to in plain.To ?? [])
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = "[Socket Dashboard] " + delivery.Notice.Title;
        message.Body = new TextPart("plain") { Text = delivery.Notice.Text() };
        try
        {
            await _pipeline.ExecuteAsync(async token => await SendOnceAsync(delivery, message, token), cancellationToken);
        }
        catch (DestinationRefusedException e)
        {
            throw new DeliveryFailedException(e.Message);
        }
        catch (TimeoutRejectedException)
        {
            throw new DeliveryFailedException($"the SMTP server did not answer in time (each attempt may take {_options.AttemptTimeoutSeconds} s)");
        }
        catch (SmtpCommandException e)
        {
            throw new DeliveryFailedException($"the SMTP server answered {(int)e.StatusCode}: {FirstLine(e.Message)}");
        }
        catch (AuthenticationException)
        {
            throw new DeliveryFailedException("the SMTP server refused the user name or password");
        }
        catch (SocketException e)
        {
            throw new DeliveryFailedException($"connecting to the SMTP server failed: {e.SocketErrorCode} ({e.Message})");
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SslHandshakeException or NotSupportedException)
        {
            throw new DeliveryFailedException($"SMTP failed: {FirstLine(e.Message)}");
        }
    }

    private async Task SendOnceAsync(Delivery delivery, MimeMessage message, CancellationToken cancellationToken)
    {
        var plain = delivery.Plain;
        var port = plain.Port!.Value;
        var address = await _check.CheckAsync(delivery.Actor, plain.Host!, port, cancellationToken);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
        using var smtp = new SmtpClient { Timeout = _options.AttemptTimeoutSeconds * 1_000 };
        await smtp.ConnectAsync(socket, plain.Host!, port, Security(plain.Security), cancellationToken);
        if (!string.IsNullOrEmpty(plain.User))
        {
            await smtp.AuthenticateAsync(plain.User, delivery.Secrets.Password ?? "", cancellationToken);
        }

        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }

    public static SecureSocketOptions Security(string? security) => security switch
    {
        "ssl" => SecureSocketOptions.SslOnConnect,
        "starttls" => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
