using Dashboard.Contracts.Identify;
using Dashboard.Contracts.Tls;
using Dashboard.Contracts.Trace;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Identify;
using Dashboard.Web.Features.Tls;
using Dashboard.Web.Features.Trace;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Features.Probe;

/// <summary>Trace, identify and TLS for the target a probe just asked about, one at a time, on the probe page.</summary>
public sealed partial class DeeperLook : IDisposable
{
    private readonly List<TraceHop> _hops = [];
    private readonly CancellationTokenSource _gone = new();
    private bool _busy;
    private string _asking = "";
    private string? _problem;
    private TraceResult? _trace;
    private IdentifyResult? _identify;
    private TlsCheckResult? _tls;

    [Inject]
    private TraceService Traces { get; set; } = default!;

    [Inject]
    private IdentifyService Identifier { get; set; } = default!;

    [Inject]
    private TlsService Tls { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    /// <summary>The host as the probe was asked (a name is resolved again, and checked again, by each service).</summary>
    [Parameter, EditorRequired]
    public string Host { get; set; } = "";

    [Parameter, EditorRequired]
    public int Port { get; set; }

    /// <summary>The probe's vantage point (an agent's name or id); this server when null.</summary>
    [Parameter]
    public string? From { get; set; }

    private string Target => ProbeTarget.Format(Host, Port);

    private Task TraceAsync()
    {
        _hops.Clear();
        _trace = null;
        return AskAsync("Trace", async cancellationToken =>
            _trace = await Traces.TraceAsync(Actor.Current, new TraceRequest(Host, Port) { From = From }, async (hop, _) =>
            {
                _hops.Add(hop);
                await InvokeAsync(StateHasChanged);
            }, cancellationToken));
    }

    private Task IdentifyAsync() => AskAsync("Identification", async cancellationToken =>
        _identify = await Identifier.IdentifyAsync(Actor.Current, new IdentifyRequest(Host, Port) { From = From }, cancellationToken));

    private Task TlsAsync() => AskAsync("TLS check", async cancellationToken =>
        _tls = await Tls.CheckAsync(Actor.Current, new TlsCheckRequest(Host, Port) { From = From }, cancellationToken));

    private async Task AskAsync(string what, Func<CancellationToken, Task> ask)
    {
        (_busy, _asking, _problem) = (true, what, null);
        try
        {
            await ask(_gone.Token);
        }
        catch (RequestRefusedException e)
        {
            _problem = $"{what}: {e.Message}";
        }
        catch (OperationCanceledException) when (_gone.IsCancellationRequested)
        {
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _gone.Cancel();
        _gone.Dispose();
    }
}
