namespace Dashboard.Contracts;

/// <summary>What the dashboard calls on clients of <c>/hubs/probe</c>; a client may leave any of it unhandled.</summary>
public interface IProbeClient
{
    /// <summary>
    /// The server is stopping: running scans end <c>interrupted</c>, listeners close as
    /// <c>interrupted</c>, and the connection will close. Sent once, with a plain-language line.
    /// </summary>
    Task ServerStopping(string message);
}
