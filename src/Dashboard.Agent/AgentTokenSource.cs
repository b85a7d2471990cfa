using Microsoft.Extensions.Options;

namespace Dashboard.Agent;

/// <summary>
/// Where the agent's token comes from, first found wins: <c>--token</c> (or <c>Agent:Token</c>), <c>--token-file</c>
/// (or <c>Agent:TokenFile</c>), the <c>DASHBOARD_AGENT_TOKEN</c> environment variable. A file or variable keeps the
/// secret off the command line, where <c>ps</c> shows it to every user of the machine.
/// </summary>
public sealed class AgentTokenSource(Func<string, string?> environment) : IPostConfigureOptions<AgentOptions>, IValidateOptions<AgentOptions>
{
    public const string Variable = "DASHBOARD_AGENT_TOKEN";

    /// <summary>The longest token file read; an agent token is a few dozen characters.</summary>
    public const int MaxFileBytes = 4_096;

    private string? _problem;

    public AgentTokenSource()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    public void PostConfigure(string? name, AgentOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Token))
        {
            options.Token = options.Token.Trim();
            return;
        }

        if (!string.IsNullOrWhiteSpace(options.TokenFile))
        {
            options.Token = ReadFile(options.TokenFile.Trim());
            return;
        }

        options.Token = environment(Variable)?.Trim() ?? "";
    }

    public ValidateOptionsResult Validate(string? name, AgentOptions options) =>
        _problem is { } problem ? ValidateOptionsResult.Fail(problem)
        : options.Token.Length > 0 ? ValidateOptionsResult.Success
        : ValidateOptionsResult.Fail(
            $"the agent token is required: an agent token made on the dashboard's Agents page, in the {Variable} environment variable, in a file named by --token-file, or (visible in ps) --token");

    private string ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                _problem = $"--token-file {path} is {info.Length} bytes, more than a token ({MaxFileBytes} at most)";
                return "";
            }

            var token = File.ReadAllText(path).Trim();
            if (token.Length == 0)
            {
                _problem = $"--token-file {path} is empty: write the agent token made on the dashboard's Agents page into it";
            }

            return token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problem = $"--token-file {path} cannot be read: {e.Message}";
            return "";
        }
    }
}
