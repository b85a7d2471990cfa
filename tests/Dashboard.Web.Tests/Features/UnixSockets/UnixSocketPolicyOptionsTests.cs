using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.Features.UnixSockets;

public sealed class UnixSocketPolicyOptionsTests
{
    [Theory]
    [InlineData("run/myapp", "Policy:UnixSockets:AllowedDirectories: 'run/myapp' is not an absolute directory without '..' (e.g. /run/myapp)")]
    [InlineData("/srv/ok, /srv/../etc", "Policy:UnixSockets:AllowedDirectories: '/srv/../etc' is not an absolute directory without '..' (e.g. /run/myapp)")]
    public void ABadAllowedDirectory_StopsTheStart_NamingTheSetting(string directories, string message)
    {
        using var host = DashboardHost.With(new() { ["Policy:UnixSockets:AllowedDirectories"] = directories });

        var refused = Assert.ThrowsAny<OptionsValidationException>(() => host.BaseAddress);

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }
}
