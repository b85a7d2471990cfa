using Dashboard.Contracts.Unix;
using Dashboard.Web.Features.Agents.Link;

namespace Dashboard.Web.Features.UnixSockets;

/// <summary>
/// An agent's answer to a Unix socket order, taken only as far as it answers that order: the path is the one asked, the
/// result of the other kind is dropped, and every text is cleaned and bounded.
/// </summary>
public static class UnixAgentAnswers
{
    private const int MaxPath = 4_096;

    /// <exception cref="RequestRefusedException">Conflict: the agent answered something else.</exception>
    public static UnixSocketAnswer Accept(string agent, UnixSocketOrder order, UnixSocketAnswer? answer)
    {
        if (order.Probe is { } probe && answer?.Probe is { } probed)
        {
            return new(probed with
            {
                Path = probe.Path, Type = probe.Type ?? UnixSocketType.Stream, ResolvedPath = AgentText.CleanOrNull(probed.ResolvedPath, MaxPath),
                CodeName = AgentText.Clean(probed.CodeName, AgentText.MaxName), Message = AgentText.Clean(probed.Message, AgentText.MaxLine),
                FileType = AgentText.CleanOrNull(probed.FileType, AgentText.MaxName), PeerName = AgentText.CleanOrNull(probed.PeerName, MaxPath), Id = null, From = null,
            }, null);
        }

        if (order.Send is { } send && answer?.Send is { } sent)
        {
            var reply = sent.Reply is null ? null : sent.Reply with
            {
                From = AgentText.CleanOrNull(sent.Reply.From, MaxPath), PayloadText = AgentText.Clean(sent.Reply.PayloadText, 65_536),
                PayloadBase64 = sent.Reply.PayloadBase64.Length <= 90_000 ? sent.Reply.PayloadBase64 : "",
            };
            return new(null, sent with
            {
                Path = send.Path, ResolvedPath = AgentText.CleanOrNull(sent.ResolvedPath, MaxPath), CodeName = AgentText.Clean(sent.CodeName, AgentText.MaxName),
                Message = AgentText.Clean(sent.Message, AgentText.MaxLine), FileType = AgentText.CleanOrNull(sent.FileType, AgentText.MaxName),
                LocalName = AgentText.CleanOrNull(sent.LocalName, MaxPath), Reply = reply, Id = null, From = null,
            });
        }

        throw RequestRefusedException.Conflict($"agent {agent} answered a Unix socket {(order.Probe is null ? "send" : "probe")} with something that is not its result");
    }
}
