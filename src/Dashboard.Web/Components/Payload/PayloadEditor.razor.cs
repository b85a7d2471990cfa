using System.Globalization;
using Dashboard.Contracts;
using Dashboard.Web.Components.Support;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Payload;

/// <summary>
/// A payload in text, hex or base64, with its byte count and a hex preview. The count turns red, and
/// a message says why, when the bytes do not fit where they are going or the field is full.
/// </summary>
public sealed partial class PayloadEditor
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal) { ["payload"] = "Payload" };

    private (string Payload, PayloadEncoding Encoding)? _decoded;
    private byte[] _bytes = [];
    private string? _fieldProblem;
    private string? _decodeProblem;
    private string? _sizeProblem;

    /// <summary>The payload as written.</summary>
    [Parameter]
    public string Payload { get; set; } = "";

    [Parameter]
    public EventCallback<string> PayloadChanged { get; set; }

    /// <summary><c>text</c>, <c>hex</c> or <c>base64</c>.</summary>
    [Parameter]
    public PayloadEncoding Encoding { get; set; } = PayloadEncoding.Text;

    [Parameter]
    public EventCallback<PayloadEncoding> EncodingChanged { get; set; }

    /// <summary>Opens the hex preview at first.</summary>
    [Parameter]
    public bool PreviewOpen { get; set; } = true;

    /// <summary>
    /// Why a payload of this many bytes cannot be sent where it is going, or null when it can
    /// (e.g. a datagram's size limit); no limit but the field's when not given.
    /// </summary>
    [Parameter]
    public Func<int, string?>? SizeProblem { get; set; }

    /// <summary>What is wrong with the payload, as shown beside the field (opening with its label); null when it can be sent.</summary>
    public string? Problem => FieldWords.Relabel(_fieldProblem ?? _decodeProblem ?? _sizeProblem, Labels);

    /// <summary>True when the payload decodes in its encoding and fits its limits.</summary>
    public bool IsValid => Problem is null;

    private bool OverLimit => (_fieldProblem ?? _sizeProblem) is not null;

    private string ByteCount => _decodeProblem is not null ? "—"
        : _bytes.Length == 1 ? "1 byte"
        : $"{_bytes.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes";

    private string Placeholder => Encoding switch
    {
        PayloadEncoding.Hex => "48 65 6c 6c 6f or 0x48656c6c6f",
        PayloadEncoding.Base64 => "SGVsbG8=",
        _ => "Hello World!",
    };

    protected override void OnParametersSet() => Check();

    private async Task OnPayloadChanged(string value)
    {
        Payload = value ?? "";
        Check();
        await PayloadChanged.InvokeAsync(Payload);
    }

    private async Task OnEncodingChanged(PayloadEncoding value)
    {
        Encoding = value;
        Check();
        await EncodingChanged.InvokeAsync(value);
    }

    // The page re-renders the editor on every keystroke in any of its fields: decode only what changed.
    private void Check()
    {
        if (_decoded != (Payload, Encoding))
        {
            _decoded = (Payload, Encoding);
            (_bytes, _decodeProblem) = PayloadText.Decode(Payload, Encoding);
        }

        // A full field was most likely cut by the browser: that comes first, whatever the cut left.
        _fieldProblem = FieldLimits.Filled(Payload, FieldLimits.Payload, "payload", "write hex as 'xx ' (three characters a byte) or use base64");
        _sizeProblem = _decodeProblem is null ? SizeProblem?.Invoke(_bytes.Length) : null;
    }
}
