using System.Text.RegularExpressions;

namespace Dashboard.Contracts.Errors;

/// <summary>
/// Input that breaks a rule, refused before any socket is touched. The message names the field, the
/// value that was given and what is allowed; by the project's convention it starts with the field's
/// name (<c>port must be 1-65535, got 70000</c>, <c>targets: '10.0.0.0/8' is ...</c>).
/// </summary>
public sealed partial class InvalidRequestException : RequestRefusedException
{
    public InvalidRequestException() : base(ErrorKind.Invalid, "the request is not valid")
    {
    }

    public InvalidRequestException(string message) : base(ErrorKind.Invalid, message)
    {
        Field = LeadingField(message);
    }

    public InvalidRequestException(string message, Exception innerException) : base(ErrorKind.Invalid, message, innerException: innerException)
    {
        Field = LeadingField(message);
    }

    /// <summary>The request field at fault as the wire names it (<c>port</c>, <c>reply.payload</c>), or <c>request</c>.</summary>
    public string Field { get; init; } = "request";

    private static string LeadingField(string message) =>
        FieldPattern().Match(message) is { Success: true } match ? match.Groups[1].Value : "request";

    [GeneratedRegex(@"^([a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)*)(?: |:)", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();
}
