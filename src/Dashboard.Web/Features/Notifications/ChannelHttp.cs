using System.Net;
using System.Net.Sockets;
using Dashboard.Web.Access;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Dashboard.Web.Features.Notifications;

/// <summary>
/// The HTTP client every webhook, Slack and ntfy delivery uses: each connection is made to the address
/// <see cref="DestinationCheck"/> approved for the request's actor, no redirect is followed, no connection is reused
/// (so a rule added later stops the next delivery), and failures are retried with backoff.
/// </summary>
public static class ChannelHttp
{
    public const string ClientName = "notifications";

    /// <summary>Whose policy a request is checked by: the channel's creator, re-read.</summary>
    public static readonly HttpRequestOptionsKey<Actor> ActorKey = new("Dashboard.Notifications.Actor");

    public static IServiceCollection AddChannelHttp(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName)
            // The resilience pipeline's timeouts bound each attempt and the whole delivery; HttpClient's own 100 s would cut a longer total.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => Handler(provider.GetRequiredService<DestinationCheck>()))
            .AddResilienceHandler("notifications", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<NotificationOptions>>().Value;
                pipeline.AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds));
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(options.RetryDelayMs),
                        ShouldHandle = args => ValueTask.FromResult(!IsRefused(args.Outcome.Exception) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    });
                }

                pipeline.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
            });
        return services;
    }

    /// <summary>True when the connection was refused by the check: retrying would be refused the same way.</summary>
    public static bool IsRefused(Exception? exception) => exception is DestinationRefusedException or HttpRequestException { InnerException: DestinationRefusedException };

    private static SocketsHttpHandler Handler(DestinationCheck check) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectCallback = async (context, cancellationToken) =>
        {
            if (!context.InitialRequestMessage.Options.TryGetValue(ActorKey, out var actor))
            {
                throw new DestinationRefusedException("a notification request carried no actor to check the destination for");
            }

            var address = await check.CheckAsync(actor, context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
