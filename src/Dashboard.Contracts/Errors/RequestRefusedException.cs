namespace Dashboard.Contracts.Errors;

/// <summary>
/// A request refused before (or instead of) doing anything. The message is meant for the user as it
/// is: what is wrong and what is allowed. Every door turns it into its own shape by <see cref="Kind"/>.
/// </summary>
public class RequestRefusedException : Exception
{
    public RequestRefusedException()
    {
    }

    public RequestRefusedException(string message) : base(message)
    {
    }

    public RequestRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public RequestRefusedException(ErrorKind kind, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    public ErrorKind Kind { get; }

    /// <summary>For <see cref="ErrorKind.LimitReached"/>: when trying again may succeed, when that is known.</summary>
    public TimeSpan? RetryAfter { get; }

    public static RequestRefusedException NotFound(string message) => new(ErrorKind.NotFound, message);

    public static RequestRefusedException Forbidden(string message) => new(ErrorKind.Forbidden, message);

    public static RequestRefusedException Conflict(string message, Exception? innerException = null) =>
        new(ErrorKind.Conflict, message, innerException: innerException);

    public static RequestRefusedException LimitReached(string message, TimeSpan? retryAfter = null) =>
        new(ErrorKind.LimitReached, message, retryAfter);
}
