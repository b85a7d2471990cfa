using System.Text.Json;
using System.Threading.Channels;
using Dashboard.Contracts.Agents;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.ScaleOut;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Web.Tests.ScaleOut;

/// <summary>The peer bus between instances: typed calls, agent commands relayed as they are, one protocol version per deployment.</summary>
public sealed class PeerProtocolTests(ScaleOutPair pair) : IClassFixture<ScaleOutPair>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryAgentCommandKind_AskedThroughTwo_ReachesTheAgentOfOneAsItIs_AndItsAnswerComesBackAsItIs()
    {
        var created = await pair.CreateAgentAsync(pair.One, "relay-any-kind");
        await using var agent = await ScriptedAgent.ConnectAsync(pair.One, "relay-any-kind", created.Token, async (a, command) =>
        {
            // Every kind answered alike: a chunk, then a reply echoing what arrived. The relay must not care which kind it carries.
            await a.ChunkAsync(command, [ScriptedAgent.Closed("127.0.0.1", "127.0.0.1", 7)]);
            await a.ReplyAsync(command, new Echo(command.Kind, command.Payload));
        }, cancellationToken: Token);
        var bus = pair.Two.Services.GetRequiredService<PeerBus>();
        var options = pair.One.Services.GetRequiredService<AgentConnections>().Options;
        AgentHello? hello = null;
        await ScaleOutWait.UntilAsync(async () => (hello = await bus.CallAsync("one", new GreetingOfAgent(created.Agent.Id), Token)) is not null,
            "instance one to say what the agent said");
        var link = new PeerAgentLink("one", created.Agent.Id, hello, bus, options);

        foreach (var kind in Enum.GetValues<AgentCommandKind>())
        {
            var payload = new { asked = kind.ToString(), n = (int)kind };
            var pending = await link.SendAsync(kind, payload, streams: true, Token);
            var chunks = await pending.Chunks!.Reader.ReadAllAsync(Token).ToListAsync(Token);
            var reply = await pending.Reply.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);

            var sent = agent.Commands.Last();
            Assert.Equal(kind, sent.Kind);
            Assert.Equal(JsonSerializer.Serialize(AgentJson.ToElement(payload)), JsonSerializer.Serialize(sent.Payload));
            var echo = AgentJson.Read<Echo>(reply.Result!.Value);
            Assert.Equal(kind, echo.Kind);
            Assert.Equal(pending.Id, reply.CommandId);
            Assert.Equal(7, Assert.Single(Assert.Single(chunks).AllPorts()).Port);
        }
    }

    [Theory]
    [InlineData("{\"type\":\"call\",\"id\":\"c1\",\"from\":\"{from}\",\"op\":\"listeners.list\"}", 0)]
    [InlineData("{\"version\":1,\"type\":\"call\",\"id\":\"c1\",\"from\":\"{from}\",\"call\":{\"op\":\"listeners.list\"}}", 1)]
    [InlineData("{\"version\":3,\"type\":\"call\",\"id\":\"c1\",\"from\":\"{from}\",\"call\":{\"op\":\"agent.teleport\"}}", 3)]
    public async Task ACallOfAnotherProtocolVersion_IsRefusedWithALogLineSayingBothVersions(string message, int version)
    {
        var log = new CapturedLog();
        using var loggers = new LoggerFactory([log]);
        var options = Options.Create(new ScaleOutOptions { Redis = pair.Redis.Address, InstanceName = "current-" + version });
        await using var redis = await ConnectionMultiplexer.ConnectAsync(pair.Redis.Address);
        using var services = new ServiceCollection().BuildServiceProvider();
        using var bus = new PeerBus(redis, new InstanceIdentity(options, new ConfigurationBuilder().Build()), options, services, loggers.CreateLogger<PeerBus>());
        await bus.StartAsync(Token);
        var from = "older-" + version;
        var replies = Channel.CreateUnbounded<string>();
        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal($"{options.Value.ChannelPrefix}:peer:{from}"));
        queue.OnMessage(m => replies.Writer.TryWrite(m.Message.ToString()));

        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal($"{options.Value.ChannelPrefix}:peer:{bus.Instance}"), message.Replace("{from}", from));

        await ScaleOutWait.UntilAsync(() => Task.FromResult(log.Lines.Any(l => l.Message.Contains("peer protocol version"))), "the refusal's log line");
        var line = log.Lines.First(l => l.Message.Contains("peer protocol version"));
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains($"version {version}, this instance version {PeerMessage.CurrentVersion}", line.Message);
        Assert.Contains("must run the same version", line.Message);
        if (version != 3)
        {
            // A call this version could read gets its refusal back, saying why, where the caller waits.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Token);
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            var reply = JsonDocument.Parse(await replies.Reader.ReadAsync(wait.Token)).RootElement;
            Assert.Equal("Conflict", reply.GetProperty("errorKind").GetString());
            Assert.Contains("must run the same version", reply.GetProperty("error").GetString());
        }

        await bus.StopAsync(Token);
    }

    private sealed record Echo(AgentCommandKind Kind, JsonElement Payload);
}
