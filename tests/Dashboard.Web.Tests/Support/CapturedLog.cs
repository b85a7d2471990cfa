using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// Every line a host logs, formatted by the host's own message templates as a console or file logger
/// would write it, with the exception attached (if any) and the scopes it was written in.
/// </summary>
internal sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Line> _lines = new();

    public IReadOnlyList<Line> Lines => [.. _lines];

    /// <summary>Adds this to a test host's logging.</summary>
    public void AddTo(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(this)));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Line(LogLevel Level, string Category, string Message, Exception? Exception, IReadOnlyList<string> Scopes);

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        private static readonly AsyncLocal<ImmutableScopes?> Current = new();

        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            var parent = Current.Value;
            Current.Value = new ImmutableScopes(FormatScope(state), parent);
            return new Pop(parent);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            for (var s = Current.Value; s is not null; s = s.Parent)
            {
                scopes.Add(s.Text);
            }

            log._lines.Enqueue(new Line(logLevel, category, formatter(state, exception), exception, scopes));
        }

        private static string FormatScope<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : state?.ToString() ?? "";

        private sealed record ImmutableScopes(string Text, ImmutableScopes? Parent);

        private sealed class Pop(ImmutableScopes? parent) : IDisposable
        {
            public void Dispose() => Current.Value = parent;
        }
    }
}
