using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Contracts.Identify;
using Dashboard.Contracts.Reproduce;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>
/// The <c>nmap -sV</c> line generated for a service identification, fetched over REST and run by <c>sh</c> against the same
/// real server (sshd, lighttpd, exim4, redis-server, PostgreSQL in a namespace of the test's own), names the same service.
/// </summary>
public sealed class ReproduceServiceTests(DashboardHost host, ServiceLab lab) : IClassFixture<DashboardHost>, IClassFixture<ServiceLab>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ServiceLab.Ssh)]
    [InlineData(ServiceLab.Http)]
    [InlineData(ServiceLab.Smtp)]
    [InlineData(ServiceLab.Redis)]
    [InlineData(ServiceLab.Postgres)]
    public async Task Identify_TheNmapLine_NamesTheSameService(int port)
    {
        using var http = ApiClient.For(host);
        using var response = await http.PostAsJsonAsync("api/identify", new { host = lab.Address, port }, Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
        var result = (await response.Content.ReadFromJsonAsync<IdentifyResult>(Dashboard.Web.Hosting.WireJson.Options, Token))!;
        var commands = await http.GetFromJsonAsync<ReproduceCommands>(new Uri($"api/history/{result.Id}/commands", UriKind.Relative),
            Dashboard.Web.Hosting.WireJson.Options, Token);
        var nmap = commands!.Commands.First(c => c.Tool == "nmap");

        var output = await ShellRun.RunAsync("sh", nmap.Line, TimeSpan.FromMinutes(3), Token);

        // nmap's table row for the port: "2222/tcp open  ssh     OpenSSH 9.2p1 Debian 2+deb12u3 (protocol 2.0)".
        var row = Regex.Match(output.All, $@"^{port}/tcp\s+open\s+(?<service>\S+)", RegexOptions.Multiline);
        Assert.True(row.Success, $"no open row for {port} in what '{nmap.Line}' printed:\n{output.All}");
        Assert.Equal(IdentifyState.Identified, result.State);
        Assert.Equal(row.Groups["service"].Value, result.Service);
    }
}
