using System.Net;
using Dashboard.Contracts;
using Dashboard.Contracts.Probe;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>A user disabled through one instance loses the hub connection they hold on the other, at once.</summary>
public sealed class AccessAcrossInstancesTests(ScaleOutPair pair) : IClassFixture<ScaleOutPair>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DisabledThroughTwo_TheirConnectionToOne_IsClosed()
    {
        using var listener = new LoopbackListener(IPAddress.Loopback);
        var accounts = pair.Two.Services.GetRequiredService<AccountService>();
        var user = await accounts.AddUserAsync(pair.Two.Admin, "xa-olaf", "xa-olaf-password-1", Role.Operator, Token);
        var secret = (await accounts.CreateTokenAsync(new Actor(user.Id, "xa-olaf", Role.Operator, IPAddress.Loopback, Door.Ui), "t", Role.Operator, null, Token)).Secret;
        await using var onOne = await pair.One.ConnectHubAsync(Token, secret);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        onOne.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await onOne.InvokeAsync<ProbeResult>(ProbeHubRoutes.Probe, new ProbeRequest("127.0.0.1", listener.Port), Token);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await accounts.SetDisabledAsync(pair.Two.Admin, user.Id, disabled: true, Token);

        // The instances re-read on their own only every Auth:RecheckSeconds (a minute here): within seconds it is Redis's message.
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.Equal(HubConnectionState.Disconnected, onOne.State);
        TestContext.Current.TestOutputHelper?.WriteLine($"disabled through two → connection to one closed: {clock.Elapsed.TotalMilliseconds:F0} ms");
    }
}
