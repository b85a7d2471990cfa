using Dashboard.Contracts.Listeners;
using Dashboard.Contracts.Paths;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Features.Paths;

/// <summary>The Paths page: one two-ended check, and the path matrix below it.</summary>
public sealed partial class PathsPage
{
    private string _from = "";
    private string _to = "";
    private string? _host;
    private int? _port;
    private ListenerProtocol _protocol = ListenerProtocol.Tcp;
    private bool _busy;
    private string? _problem;
    private PathCheckResult? _result;

    [Inject]
    private PathCheckService Paths { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    private async Task CheckAsync()
    {
        (_busy, _problem, _result) = (true, null, null);
        try
        {
            _result = await Paths.CheckAsync(Actor.Current,
                new PathCheckRequest(_from, _to, _port ?? 0, _protocol, string.IsNullOrWhiteSpace(_host) ? null : _host.Trim()), CancellationToken.None);
        }
        catch (RequestRefusedException e)
        {
            _problem = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
