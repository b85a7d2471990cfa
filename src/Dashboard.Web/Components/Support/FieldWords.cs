using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Sockets.Targets;

namespace Dashboard.Web.Components.Support;

/// <summary>
/// The words of a form's errors. Feature services name the wire field (<c>timeoutMs must be 1-60000,
/// got 0</c>), which is right for scripts; a form names the field by the label its user sees
/// (<c>Timeout (ms) must be 1-60000, got 0</c>). The mapping lives here, in the UI.
/// </summary>
public static partial class FieldWords
{
    /// <summary>
    /// <paramref name="message"/> with the wire field names of <paramref name="labels"/> replaced by their
    /// labels: a camelCase name (<c>timeoutMs</c>) wherever it stands, a plain word (<c>port</c>) only where it
    /// opens the message, as the services' "port must be …" does; elsewhere it is an ordinary word.
    /// </summary>
    public static string? Relabel(string? message, IReadOnlyDictionary<string, string> labels)
    {
        if (message is null || labels.Count == 0)
        {
            return message;
        }

        var relabelled = FieldName().Replace(message, m =>
            labels.TryGetValue(m.Value, out var label) && (m.Index == 0 || m.Value.Any(c => char.IsUpper(c) || c == '.')) ? label : m.Value);
        return relabelled.Length > 0 ? char.ToUpperInvariant(relabelled[0]) + relabelled[1..] : relabelled;
    }

    /// <summary>
    /// Reads a port typed into a text field: null and no problem when it is a port; otherwise why not, in
    /// the label's words: required, not a number (with what was typed), or out of range.
    /// </summary>
    public static string? PortProblem(string? text, string label, out int? port)
    {
        port = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return $"{label} is required: {PortNumber.Min}-{PortNumber.Max}";
        }

        if (!int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return $"{label}: not a number, got '{Shorten(trimmed)}'; give {PortNumber.Min}-{PortNumber.Max}";
        }

        port = value;
        return PortNumber.Problem(value, label);
    }

    /// <summary>The port in <paramref name="text"/>, or null when it is not one.</summary>
    public static int? Port(string? text) => PortProblem(text, "port", out var port) is null ? port : null;

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

    // A word as the services write field names: camelCase letters, dotted paths (reply.mode).
    [GeneratedRegex(@"\b[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)?\b")]
    private static partial Regex FieldName();
}
