using System.Runtime.CompilerServices;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// The web tests run real hosts, scans and bUnit renderers side by side on two cores; bUnit's waits
/// need a free pool thread to run their checks, so the pool starts with more than it would grow to in time.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);
    }
}
