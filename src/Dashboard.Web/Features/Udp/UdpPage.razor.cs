using Dashboard.Contracts;
using Dashboard.Contracts.Udp;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Payload;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Web.Features.Udp;

/// <summary>
/// The UDP page: the datagram's target and payload, the result with its replies, and this session's recent sends.
/// <c>/udp?host=…&amp;port=…&amp;payload=…&amp;encoding=hex</c> fills the form; nothing is sent until the user presses
/// Send. A link must never act for whoever opens it (it rides along with their sign-in, the return link after
/// signing in included), so old links' <c>run=1</c> only fills the form too.
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

    /// <summary>True when the address filled in the form: the page says that nothing was sent.</summary>
    private bool FilledFromLink { get; set; }

    protected override void OnInitialized()
    {
        _host = HostQuery ?? "";
        _port = PortQuery ?? "";
        _payload = PayloadQuery ?? _payload;
        _encoding = PayloadText.Encodings.FirstOrDefault(e => PayloadText.NameOf(e) == EncodingQuery, PayloadEncoding.Text);
        (_count, _intervalMs, _waitReplyMs) = (CountQuery, IntervalQuery, WaitQuery);
        FilledFromLink = HostQuery is not null || PortQuery is not null || PayloadQuery is not null;
    }

    /// <summary>Payloads longer than this (in characters) make no form-filling link: browsers and proxies cut long addresses.</summary>
    public const int MaxLinkPayload = 2_000;

    /// <summary>
    /// The link a result card offers a teammate: the stored send (<c>/udp/{id}</c>) when the history kept it;
    /// otherwise the address that fills the form with <paramref name="request"/> for them to press Send (none
    /// when the payload is too long for an address).
    /// </summary>
    public string? ShareLink(UdpSendRequest request, UdpSendResult result) => result.Id is { } id
        ? Navigation.ToAbsoluteUri($"udp/{Uri.EscapeDataString(id)}").ToString()
        : request.Payload?.Length > MaxLinkPayload ? null : Navigation.GetUriWithQueryParameters(Navigation.ToAbsoluteUri("udp").ToString(), new Dictionary<string, object?>
        {
            ["host"] = request.Host,
            ["port"] = request.Port,
            ["payload"] = request.Payload,
            ["encoding"] = PayloadText.NameOf(request.Encoding ?? PayloadEncoding.Text),
            ["count"] = request.Count,
            ["intervalMs"] = request.IntervalMs,
            ["waitReplyMs"] = request.WaitReplyMs,
        });

    private static string ShareLinkText(UdpSendResult result) => result.Id is null
        ? "Link for a teammate: it fills in the form with this send; nothing is sent until they press Send"
        : "Link for a teammate: this send and its replies, as the history keeps them";

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
        FilledFromLink = false;
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
