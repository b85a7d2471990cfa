using System.Globalization;
using System.Text;
using Dashboard.Contracts.History;
using Dashboard.Web.Features.Audit;

namespace Dashboard.Web.Features.History;

/// <summary>A comparison's changed ports as CSV, every field through the one escaper (quoted, formulas neutralised).</summary>
public static class CompareCsv
{
    public const string Header = "address,port,service,before,after";

    public static string Of(ScanComparison comparison)
    {
        var csv = new StringBuilder(Header.Length + (comparison.Ports.Count * 48)).Append(Header).Append("\r\n");
        foreach (var change in comparison.Ports)
        {
            csv.AppendJoin(',', AuditCsv.Field(change.Address), AuditCsv.Field(change.Port.ToString(CultureInfo.InvariantCulture)),
                AuditCsv.Field(change.Service), AuditCsv.Field(change.Before ?? "not scanned"), AuditCsv.Field(change.After ?? "not scanned")).Append("\r\n");
        }

        return csv.ToString();
    }
}
