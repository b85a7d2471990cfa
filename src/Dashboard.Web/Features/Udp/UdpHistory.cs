using Dashboard.Contracts.Udp;

namespace Dashboard.Web.Features.Udp;

/// <summary>This browser session's recent UDP sends, newest first, at most <see cref="Capacity"/>.</summary>
public sealed class UdpHistory
{
    public const int Capacity = 30;

    private readonly LinkedList<Entry> _entries = new();

    public sealed record Entry(UdpSendRequest Request, UdpSendResult Result);

    public IReadOnlyCollection<Entry> Entries => _entries;

    public void Add(UdpSendRequest request, UdpSendResult result)
    {
        _entries.AddFirst(new Entry(request, result));
        if (_entries.Count > Capacity)
        {
            _entries.RemoveLast();
        }
    }
}
