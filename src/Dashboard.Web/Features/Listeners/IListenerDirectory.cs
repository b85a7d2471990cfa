using Dashboard.Web.Vantage;

namespace Dashboard.Web.Features.Listeners;

/// <summary>
/// Listeners open at other instances of the dashboard. One instance alone has no others
/// (<see cref="SingleInstanceListenerDirectory"/>, registered with the features); scale-out replaces it.
/// </summary>
public interface IListenerDirectory
{
    /// <summary>Every other live instance's listeners, open and recently stopped.</summary>
    IReadOnlyList<IVantageListener> Listeners();

    /// <summary>The listener with this id at another instance, or null.</summary>
    IVantageListener? Find(string listenerId);
}

/// <summary>No other instance: every listener is this server's or its agents'.</summary>
public sealed class SingleInstanceListenerDirectory : IListenerDirectory
{
    public IReadOnlyList<IVantageListener> Listeners() => [];

    public IVantageListener? Find(string listenerId) => null;
}
