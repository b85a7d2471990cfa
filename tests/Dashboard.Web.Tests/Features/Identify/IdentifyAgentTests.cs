using System.Net.Http.Json;
using Dashboard.Contracts.Identify;

namespace Dashboard.Web.Tests.Features.Identify;

/// <summary>Identification from a real agent process: the servers listen on the agent's own loopback, which this server cannot reach.</summary>
[Collection(AgentLabGroup.Name)]
public sealed class IdentifyAgentTests(AgentLab lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Identify_FromAnAgent_NamesWhatListensWhereTheAgentStands()
    {
        await using var servers = await ServiceLab.StartInAsync(lab.Network.A, "127.0.0.1");

        var ssh = await IdentifyAsync(new { host = "127.0.0.1", port = ServiceLab.Ssh, from = "alpha" });
        var http = await IdentifyAsync(new { host = "127.0.0.1", port = ServiceLab.Http, from = "alpha" });
        var here = await IdentifyAsync(new { host = "127.0.0.1", port = ServiceLab.Ssh });

        Assert.Equal(("ssh", "OpenSSH", "banner", "alpha", "127.0.0.1"), (ssh.Service, ssh.Product, ssh.LearnedBy, ssh.From, ssh.Address));
        Assert.Equal(("http", "lighttpd", "http"), (http.Service, http.Product, http.LearnedBy));
        Assert.StartsWith("SSH-2.0-OpenSSH_", ssh.Bytes!.Text, StringComparison.Ordinal);
        Assert.NotEqual("ssh", here.Service);
    }

    private async Task<IdentifyResult> IdentifyAsync(object request)
    {
        using var response = await lab.Http.PostAsJsonAsync("api/identify", request, Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token) + lab.Output);
        return (await response.Content.ReadFromJsonAsync<IdentifyResult>(Token))!;
    }
}
