using System.Globalization;
using System.Text;

namespace Dashboard.Web.Features.Audit;

/// <summary>
/// The audit trail as CSV (RFC 4180): every field quoted, quotes doubled, and a field that a spreadsheet
/// would run as a formula (starting with = + - @, a tab or a carriage return) prefixed with a single quote.
/// </summary>
public static class AuditCsv
{
    public const string Header = "id,at,actor,actorId,role,clientAddress,door,action,target,outcome,detail";

    public static async Task WriteAsync(IAsyncEnumerable<AuditEntry> entries, Stream body, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Header.AsMemory(), cancellationToken);
        await writer.WriteAsync("\r\n".AsMemory(), cancellationToken);
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Line(entry).AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>One row with its line end.</summary>
    public static string Line(AuditEntry entry)
    {
        var line = new StringBuilder(256);
        string?[] fields =
        [
            entry.Id.ToString(CultureInfo.InvariantCulture), entry.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            entry.ActorName, entry.ActorId, entry.Role?.ToString(), entry.ClientAddress, entry.Door?.ToString().ToLowerInvariant(), entry.Action,
            entry.Target, entry.OutcomeText, entry.Detail,
        ];
        for (var i = 0; i < fields.Length; i++)
        {
            line.Append(i == 0 ? "" : ",").Append(Field(fields[i]));
        }

        return line.Append("\r\n").ToString();
    }

    /// <summary>A field quoted, and neutralised when a spreadsheet would take it for a formula.</summary>
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
