using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>
/// A test-only address that throws, to show the error pages: <c>/throw-for-test</c>, and under
/// <c>/api</c> too. Added after the app's own pipeline, so it exists only in hosts built with
/// <see cref="Add"/>, never in the app.
/// </summary>
public sealed class ThrowingEndpoint : IStartupFilter
{
    public const string Path = "/throw-for-test";

    /// <summary>What the exception says: it must never reach a browser or an API client.</summary>
    public const string Secret = "secret-detail-of-a-failure";

    public static void Add(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ThrowingEndpoint>());

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        // Reached only by requests no endpoint took, after every middleware of the app has run.
        app.Use((context, following) => context.Request.Path.Value!.EndsWith(Path, StringComparison.Ordinal)
            ? throw new InvalidOperationException(Secret)
            : following(context));
    };
}
