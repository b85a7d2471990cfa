using Dashboard.Sockets.UnixSockets;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.UnixSockets;

/// <summary>Where Unix socket paths may be (section <c>Policy:UnixSockets</c>).</summary>
public sealed class UnixSocketPolicyOptions
{
    /// <summary>The setting, as refusals name it.</summary>
    public const string Setting = "Policy:UnixSockets:AllowedDirectories";

    /// <summary>
    /// Absolute directories, comma separated, under which Unix socket paths may be probed and sent to (symbolic links
    /// resolved; well-known daemon sockets stay denied). Defaults to none: every path is refused until an Admin allows one.
    /// </summary>
    public string AllowedDirectories { get; set; } = "";

    /// <summary>The directories, split.</summary>
    public IReadOnlyList<string> Directories => UnixPathAllowance.Parse(Setting, AllowedDirectories).Directories;
}

/// <summary>Stops the app at start on an allowed directory that is not absolute or has <c>..</c>.</summary>
public sealed class UnixSocketPolicyValidation : IValidateOptions<Policy.PolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, Policy.PolicyOptions options) =>
        UnixPathAllowance.Problem(UnixSocketPolicyOptions.Setting, options.UnixSockets.AllowedDirectories) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
