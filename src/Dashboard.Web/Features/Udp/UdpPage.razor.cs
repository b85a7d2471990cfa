using Dashboard.Contracts;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Components;
using Dashboard.Web.Components.Payload;
using Dashboard.Web.Features.Probe;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Udp;

/// <summary>
/// The UDP page: the datagram's target and payload, the result with its replies, and this session's recent sends.
/// <c>/udp?host=…&amp;port=…&amp;payload=…&amp;encoding=hex&amp;run=1</c> fills the form and, with <c>run=1</c>, sends
/// once the page is live: the link a result card offers a teammate.
/// </summary>
public sealed partial class UdpPage : IDisposable
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["host"] = "Host", ["port"] = "Port", ["payload"] = "Payload", ["count"] = "Count",
        ["intervalMs"] = "Interval (ms)", ["waitReplyMs"] = "Wait (ms)",
    };

    private MudForm? _form;
    private PayloadEditor? _editor;
    private string _host = "";
    private string _from = "";
    private string _port = "";
    private string _payload = "Hello World!";
    private PayloadEncoding _encoding = PayloadEncoding.Text;
    private int? _count;
    private int? _intervalMs;
    private int? _waitReplyMs;

    private bool _sending;
    private int _expectedMs;
    private string? _problem;
    private UdpSendResult? _result;
    private UdpSendRequest? _asked;
    private CancellationTokenSource? _cancel;

    [Inject]
    private UdpService Udp { get; set; } = default!;

    [Inject]
    private UiActor Actor { get; set; } = default!;

    [Inject]
    private UdpHistory History { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "host")]
    public string? HostQuery { get; set; }

    [SupplyParameterFromQuery(Name = "port")]
    public string? PortQuery { get; set; }

    [SupplyParameterFromQuery(Name = "payload")]
    public string? PayloadQuery { get; set; }

    [SupplyParameterFromQuery(Name = "encoding")]
    public string? EncodingQuery { get; set; }

    [SupplyParameterFromQuery(Name = "count")]
    public int? CountQuery { get; set; }

    [SupplyParameterFromQuery(Name = "intervalMs")]
    public int? IntervalQuery { get; set; }

    [SupplyParameterFromQuery(Name = "waitReplyMs")]
    public int? WaitQuery { get; set; }

    /// <summary>1: send as soon as the page is live (a shared link).</summary>
    [SupplyParameterFromQuery(Name = "run")]
    public int? RunQuery { get; set; }

    protected override void OnInitialized()
    {
        _host = HostQuery ?? "";
        _port = PortQuery ?? "";
        _payload = PayloadQuery ?? _payload;
        _encoding = PayloadText.Encodings.FirstOrDefault(e => PayloadText.NameOf(e) == EncodingQuery, PayloadEncoding.Text);
        (_count, _intervalMs, _waitReplyMs) = (CountQuery, IntervalQuery, WaitQuery);
    }

    // Only once the circuit is live: a prerender must not send (it would send twice).
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RunQuery == 1 && Actor.Can(Role.Operator))
        {
            await SendAsync();
            StateHasChanged();
        }
    }

    /// <summary>Payloads longer than this (in characters) make no link: browsers and proxies cut long addresses.</summary>
    public const int MaxLinkPayload = 2_000;

    /// <summary>The address that fills the form with <paramref name="request"/> and sends it again; null when the payload is too long for one.</summary>
    public string? RerunLink(UdpSendRequest request) => request.Payload?.Length > MaxLinkPayload ? null : Navigation.GetUriWithQueryParameters(Navigation.ToAbsoluteUri("udp").ToString(), new Dictionary<string, object?>
    {
        ["host"] = request.Host,
        ["port"] = request.Port,
        ["payload"] = request.Payload,
        ["encoding"] = PayloadText.NameOf(request.Encoding ?? PayloadEncoding.Text),
        ["count"] = request.Count,
        ["intervalMs"] = request.IntervalMs,
        ["waitReplyMs"] = request.WaitReplyMs,
        ["run"] = 1,
    });

    private static string? HostProblem(string host) => FieldWords.Relabel(UdpService.HostProblem(host), Labels);

    private static string? PortProblem(string port) => FieldWords.PortProblem(port, "Port", out _);

    private string? CountProblem(int? count) => FieldWords.Relabel(Udp.CountProblem(count), Labels);

    // The sender knows the family once the host resolves; an IPv6 literal says it now, anything else is held to IPv4's limit.
    private string? PayloadSizeProblem(int bytes) => UdpService.PayloadSizeProblem(bytes, _host);

    private void Use(UdpPresets.Preset preset)
    {
        (_port, _payload, _encoding) = (preset.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), preset.Hex, PayloadEncoding.Hex);
    }

    private async Task SendAsync()
    {
        if (_form is null || _sending)
        {
            return;
        }

        // A new submit: what was shown answered the old input, so it goes, even if this one is refused.
        (_result, _asked, _problem) = (null, null, null);
        await _form.ValidateAsync();
        if (!_form.IsValid || _editor?.IsValid == false)
        {
            return;
        }

        await RunAsync(new UdpSendRequest(_host.Trim(), FieldWords.Port(_port)!.Value, _payload, _encoding, _count, _intervalMs, _waitReplyMs) { From = _from });
    }

    private async Task RunAsync(UdpSendRequest request)
    {
        if (_sending)
        {
            return;
        }

        (_host, _port, _payload, _encoding, _count, _intervalMs, _waitReplyMs) =
            (request.Host, request.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Payload ?? "", request.Encoding ?? PayloadEncoding.Text, request.Count, request.IntervalMs, request.WaitReplyMs);
        (_result, _asked, _problem) = (null, null, null);
        _sending = true;
        _expectedMs = ((request.Count ?? 1) - 1) * (request.IntervalMs ?? 0) + (request.WaitReplyMs ?? Udp.DefaultWaitReplyMs);
        _cancel = new CancellationTokenSource();
        try
        {
            _result = await Udp.SendAsync(Actor.Current, request, _cancel.Token);
            _asked = request;
            History.Add(request, _result);
        }
        catch (RequestRefusedException e)
        {
            _problem = FieldWords.Relabel(e.Message, Labels);
        }
        catch (OperationCanceledException)
        {
            _problem = "Send cancelled";
        }
        finally
        {
            _sending = false;
            _cancel.Dispose();
            _cancel = null;
        }
    }

    public void Dispose() => _cancel?.Cancel();
}
