using System.Globalization;
using Dashboard.Contracts.Reproduce;

namespace Dashboard.Web.Features.Reproduce;

/// <summary>Small pieces the command builders share.</summary>
internal static class CommandParts
{
    /// <summary>What the dashboard calls its own vantage point.</summary>
    public const string ThisServer = "this server";

    public static ReproduceCommand Posix(string tool, string line, string? note = null) => new(tool, CommandShell.Posix, line, note);

    public static ReproduceCommand PowerShell(string tool, string line, string? note = null) => new(tool, CommandShell.PowerShell, line, note);

    /// <summary>An IPv6 literal (tools need <c>-6</c> or <c>AF_INET6</c> for it).</summary>
    public static bool IsIPv6(string host) => host.Contains(':', StringComparison.Ordinal);

    /// <summary>Whole seconds for tools that take no fraction (nc's <c>-w</c>): rounded up, at least 1.</summary>
    public static string WholeSeconds(int ms) => Math.Max(1, (ms + 999) / 1000).ToString(CultureInfo.InvariantCulture);

    /// <summary>Seconds as Python writes a float: <c>3.0</c>, <c>0.25</c>.</summary>
    public static string PythonSeconds(int ms) => (ms / 1000.0).ToString("0.0##", CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string PythonFamily(string host) => IsIPv6(host) ? "socket.AF_INET6" : "socket.AF_INET";

    /// <summary>A Python address tuple: <c>("10.0.0.5", 5432)</c>; the host as a literal, whatever it holds.</summary>
    public static string PythonAddress(string host, int port) => $"({ShellQuote.PythonString(host)}, {Number(port)})";

    /// <summary><c>python3 -c '...'</c>: the script is one single-quoted word.</summary>
    public static string Python(string script) => "python3 -c " + ShellQuote.Posix(script);

    /// <summary>An address literal without the brackets a request may have put around an IPv6 one.</summary>
    public static string Bare(string host) => host.Trim().TrimStart('[').TrimEnd(']');
}
