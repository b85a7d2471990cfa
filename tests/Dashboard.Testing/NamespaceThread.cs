using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>
/// One thread that entered a network namespace once and makes sockets there on request, for code that makes many
/// (a trace: a socket a probe): a thread and a <c>setns</c> per socket would cost more than the work measured.
/// </summary>
public sealed class NamespaceThread : IDisposable
{
    private readonly BlockingCollection<(Func<Socket> Make, TaskCompletionSource<Socket> Made)> _requests = new();
    private readonly Thread _thread;

    public NamespaceThread(string ns)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() =>
        {
            try
            {
                NetworkNamespaces.Enter(ns);
                entered.SetResult();
            }
            catch (Exception e)
            {
                entered.SetException(e);
                return;
            }

            foreach (var (make, made) in _requests.GetConsumingEnumerable())
            {
                try
                {
                    made.SetResult(make());
                }
                catch (Exception e)
                {
                    made.SetException(e);
                }
            }
        }) { IsBackground = true, Name = $"netns {ns}" };
        _thread.Start();
        entered.Task.GetAwaiter().GetResult();
    }

    /// <summary>A socket made inside the namespace; usable from any thread.</summary>
    public Socket Make(Func<Socket> make)
    {
        var made = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((make, made));
        return made.Task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _requests.CompleteAdding();
        _thread.Join();
        _requests.Dispose();
    }
}
