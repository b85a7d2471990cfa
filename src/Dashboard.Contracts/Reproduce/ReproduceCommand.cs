using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Reproduce;

/// <summary>The shell a <see cref="ReproduceCommand"/> is written for. On the wire: the lower-case names.</summary>
[JsonConverter(typeof(WireEnumConverter<CommandShell>))]
public enum CommandShell
{
    /// <summary>sh, bash, zsh, dash: every argument from the request is single-quoted.</summary>
    [JsonStringEnumMemberName("posix")] Posix,

    /// <summary>Windows PowerShell or pwsh: every string from the request is a single-quoted string.</summary>
    [JsonStringEnumMemberName("powershell")] PowerShell,
}

/// <summary>A command that asks the same question as a result by hand, from the same place.</summary>
/// <param name="Tool">The program it runs: <c>nmap</c>, <c>nc</c>, <c>ncat</c>, <c>python3</c>, <c>Test-NetConnection</c>...</param>
/// <param name="Shell">The shell <paramref name="Line"/> is quoted for.</param>
/// <param name="Line">The command, ready to paste: text from the request (hosts, payloads) is quoted, never bare.</param>
/// <param name="Note">What it prints for each outcome, or what it needs (root, a listener first); null when nothing.</param>
public sealed record ReproduceCommand(string Tool, CommandShell Shell, string Line, string? Note = null);

/// <summary>The commands for one result, and where to run them.</summary>
/// <param name="Where">The vantage point that made the result: <c>this server</c> or the agent's name.</param>
/// <param name="Commands">The commands, the closest to the dashboard's own question first.</param>
public sealed record ReproduceCommands(string Where, IReadOnlyList<ReproduceCommand> Commands);
