using Microsoft.Extensions.Options;

namespace Dashboard.Agent;

/// <summary>
/// <see cref="AgentOptions.HealthFile"/>: touched while the dashboard answers, removed when the link drops, so a
/// container's health check can tell a connected agent from one that only runs. Nothing when no file is set.
/// </summary>
public sealed class AgentHealthFile(IOptions<AgentOptions> options, ILogger<AgentHealthFile> logger)
{
    private readonly string? _path = string.IsNullOrWhiteSpace(options.Value.HealthFile) ? null : options.Value.HealthFile.Trim();
    private bool _warned;

    /// <summary>The dashboard answered: the agent is connected now.</summary>
    public void Touch()
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            if (File.Exists(_path))
            {
                File.SetLastWriteTimeUtc(_path, DateTime.UtcNow);
            }
            else
            {
                File.WriteAllText(_path, "");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn(e);
        }
    }

    /// <summary>The link dropped or the agent stops.</summary>
    public void Clear()
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn(e);
        }
    }

    private void Warn(Exception e)
    {
        if (!_warned)
        {
            _warned = true;
            AgentLog.HealthFileFailed(logger, _path!, e.Message);
        }
    }
}
