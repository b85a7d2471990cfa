using System.Net;
using System.Net.Sockets;
using System.Text;
using Dashboard.Contracts.Listeners;
using Dashboard.Sockets.Listeners;
using Dashboard.Sockets.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Sockets.Tests.Listeners;

/// <summary>
/// A UDP listener must not be a reflector: its reply is never much larger than what it answers, goes only to sources the
/// policy allows, and at most at the reply rate per source. Time is frozen where rates are counted, so counts are exact.
/// </summary>
public sealed class UdpReplyBoundTests : IAsyncDisposable
{
    private readonly ListenerRig _rig = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task FixedReplyOf65000Bytes_ToAOneByteDatagram_IsCutToTheBound()
    {
        var listener = Open(new ListenerReply(ReplyMode.Fixed, new string('x', 65_000)));
        var client = Client("127.0.0.1");
        var buffer = new byte[65_536];

        await client.SendToAsync(new byte[] { 1 }, IPEndPoint.Parse(listener.LocalEndPoint), Token);
        var received = await client.ReceiveAsync(buffer, Token);

        var bound = Math.Max(new ListenerOptions().UdpReplyFloorBytes, new ListenerOptions().UdpReplyFactor * 1);
        Assert.Equal(64, bound);
        Assert.Equal(new string('x', bound), Encoding.ASCII.GetString(buffer, 0, received));
        Assert.Equal((1L, 0L, 0L), (listener.Info().RepliesTrimmed, listener.Info().RepliesDenied, listener.Info().RepliesThrottled));
        var events = await ListenerEvents.UntilAsync(listener, e => e.Count == 2);
        Assert.Contains("cut to 64 of 65,000 bytes", events[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_AndAFixedReplyWithinTheFactor_AreWhole()
    {
        var echo = Open(new ListenerReply(ReplyMode.Echo));
        var fixedReply = Open(new ListenerReply(ReplyMode.Fixed, new string('y', 300)));
        var client = Client("127.0.0.1");
        var buffer = new byte[65_536];

        await client.SendToAsync(new byte[20_000], IPEndPoint.Parse(echo.LocalEndPoint), Token);
        var echoed = await client.ReceiveAsync(buffer, Token);
        await client.SendToAsync(new byte[100], IPEndPoint.Parse(fixedReply.LocalEndPoint), Token);
        var answered = await client.ReceiveAsync(buffer, Token);

        Assert.Equal((20_000, 300), (echoed, answered));
        Assert.Equal(0L, echo.Info().RepliesTrimmed + fixedReply.Info().RepliesTrimmed);
    }

    [Fact]
    public async Task SourceTheStrictPolicyDenies_GetsNoReply_AndItIsCounted()
    {
        var strict = new TargetPolicyReplies(new TargetPolicy(PolicyPresets.Rules(PolicyPresets.Strict)), "Operator");
        var listener = Open(new ListenerReply(ReplyMode.Fixed, "pong"), replies: strict);
        var forged = Client("127.0.0.5");

        await forged.SendToAsync("ping"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        var events = await ListenerEvents.UntilAsync(listener, e => e.Count == 2);

        // Counted before the reply would have been sent: nothing can still be on its way.
        Assert.Equal((1L, 1L), (listener.Info().Datagrams, listener.Info().RepliesDenied));
        Assert.Equal(0, forged.Available);
        Assert.Equal("no reply: 127.0.0.5 is denied by policy rule 'loopback', so 127.0.0.5:" + ((IPEndPoint)forged.LocalEndPoint!).Port + " gets no reply",
            events[0].Message);
        Assert.Equal(ListenerEventKind.Error, events[1].Kind);
    }

    [Fact]
    public async Task DeniedSource_GetsNothing_WhileAnAllowedOneIsAnswered()
    {
        var rule = new PolicyRule("forged", PolicyAction.Deny, [PolicyRuleText.Network("127.0.0.5/32")], [], []);
        var listener = Open(new ListenerReply(ReplyMode.Echo), replies: new TargetPolicyReplies(new TargetPolicy([rule]), "Operator"));
        var denied = Client("127.0.0.5");
        var allowed = Client("127.0.0.1");
        var buffer = new byte[100];

        await denied.SendToAsync("one"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        await allowed.SendToAsync("two"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        var answer = await allowed.ReceiveAsync(buffer, Token);

        // One receive loop answers in order: had the first datagram been answered, its reply would be there by now.
        Assert.Equal("two", Encoding.ASCII.GetString(buffer, 0, answer));
        Assert.Equal(0, denied.Available);
        Assert.Equal(1L, listener.Info().RepliesDenied);
    }

    [Fact]
    public async Task FloodFromOneSource_IsAnsweredAtTheRate_TheRestCounted_AndAnotherSourceStillAnswered()
    {
        var frozen = new FakeTimeProvider();
        var listener = Open(new ListenerReply(ReplyMode.Echo), new ListenerOptions { UdpRepliesPerSecondPerSource = 10 }, frozen);
        var flooder = Client("127.0.0.1");
        var other = Client("127.0.0.2");
        var buffer = new byte[100];

        for (var i = 0; i < 50; i++)
        {
            await flooder.SendToAsync(new byte[] { (byte)i }, IPEndPoint.Parse(listener.LocalEndPoint), Token);
        }

        await other.SendToAsync("hi"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        var answer = await other.ReceiveAsync(buffer, Token);

        Assert.Equal("hi", Encoding.ASCII.GetString(buffer, 0, answer));
        Assert.Equal((51L, 40L), (listener.Info().Datagrams, listener.Info().RepliesThrottled));
        for (var i = 0; i < 10; i++)
        {
            await flooder.ReceiveAsync(buffer, Token);
        }

        Assert.Equal(0, flooder.Available);
    }

    [Fact]
    public async Task AllSourcesTogether_AreAnsweredAtTheListenersRate()
    {
        var listener = Open(new ListenerReply(ReplyMode.Echo), new ListenerOptions { UdpRepliesPerSecond = 3 }, new FakeTimeProvider());

        var datagrams = await FromEachAsync(listener, "127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.6");

        Assert.Equal(2L, listener.Info().RepliesThrottled);
        Assert.Equal([null, null, null], datagrams.Take(3).Select(e => e.Message));
        Assert.EndsWith("the most it sends (Sockets:Listeners:UdpRepliesPerSecond)", datagrams[4].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourcesBeyondThoseKept_AreNotAnswered_UntilOneIsQuiet()
    {
        var listener = Open(new ListenerReply(ReplyMode.Echo), new ListenerOptions { UdpReplySources = 2 }, new FakeTimeProvider());

        var datagrams = await FromEachAsync(listener, "127.0.0.1", "127.0.0.2", "127.0.0.3");

        Assert.Equal(1L, listener.Info().RepliesThrottled);
        Assert.Equal("no reply: 2 sources are being answered at once, the most one listener keeps a rate for (Sockets:Listeners:UdpReplySources)",
            datagrams[2].Message);
    }

    /// <summary>One datagram from each address in turn; their events once all are counted.</summary>
    private async Task<List<ListenerEvent>> FromEachAsync(RunningListener listener, params string[] addresses)
    {
        foreach (var address in addresses)
        {
            await Client(address).SendToAsync("x"u8.ToArray(), IPEndPoint.Parse(listener.LocalEndPoint), Token);
        }

        var events = await ListenerEvents.UntilAsync(listener, e => e.Count(x => x.Kind == ListenerEventKind.Datagram) == addresses.Length);
        return [.. events.Where(e => e.Kind == ListenerEventKind.Datagram)];
    }

    private RunningListener Open(ListenerReply reply, ListenerOptions? options = null, TimeProvider? time = null, IListenerReplyPolicy? replies = null) =>
        _rig.Open(ListenerProtocol.Udp, reply, options, time, replies);

    private Socket Client(string address) => _rig.UdpClient(address);
}
