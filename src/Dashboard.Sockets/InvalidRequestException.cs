namespace Dashboard.Sockets;

/// <summary>
/// A request the engine refuses before any socket is touched. The message names the field, the
/// value that was given and what is allowed, and is meant to be shown to the user as it is.
/// </summary>
public sealed class InvalidRequestException : Exception
{
    public InvalidRequestException()
    {
    }

    public InvalidRequestException(string message) : base(message)
    {
    }

    public InvalidRequestException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
