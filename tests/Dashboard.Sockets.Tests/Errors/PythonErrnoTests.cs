using System.Net.Sockets;
using Dashboard.Sockets.Errors;

namespace Dashboard.Sockets.Tests.Errors;

/// <summary>The names the engine gives codes, checked against the names Python gives them on this machine.</summary>
public sealed class PythonErrnoTests
{
    private const string ErrorCodes = "import errno, json; print(json.dumps(errno.errorcode))";
    private const string ResolverCodes = "import json, socket; print(json.dumps({n: getattr(socket, n) for n in dir(socket) if n.startswith('EAI_')}))";

    // Python's errno module does not know EHWPOISON (133) yet; every other number must be there.
    private static readonly int[] UnknownToPython = [133];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LinuxTable_NamesEveryNumberAsPythonDoes()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Python's errno.errorcode has Linux's numbers only on Linux");

        var python = await Python.JsonAsync<Dictionary<int, string>>(ErrorCodes, Token);

        Assert.Empty(LinuxErrno.Names.Where(n => python.TryGetValue(n.Key, out var name) && name != n.Value)
            .Select(n => $"{n.Key}: ours {n.Value}, Python's {python[n.Key]}"));
        Assert.Empty(python.Keys.Except(LinuxErrno.Names.Keys).Select(n => $"{n} {python[n]} is missing from the table"));
        Assert.Subset(UnknownToPython.ToHashSet(), LinuxErrno.Names.Keys.Except(python.Keys).ToHashSet());
    }

    [Fact]
    public async Task EveryErrnoTheEngineReturns_IsNamedAsPythonNamesIt()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Python's errno.errorcode has Linux's numbers only on Linux");
        var python = await Python.JsonAsync<Dictionary<int, string>>(ErrorCodes, Token);

        var returned = EveryErrorTheEngineReturns().Where(e => e.Code > 0).ToList();

        // Codes Python does not know are numbers too new for it, or the runtime passing a Windows-only
        // SocketError (ProcessLimit, 10067) through unchanged, which no Linux call returns.
        bool Agrees(NativeError e) => python.TryGetValue(e.Code, out var name)
            ? name == e.Name
            : UnknownToPython.Contains(e.Code) || e.Code == (int)e.SocketError;

        Assert.Empty(returned.Where(e => !Agrees(e))
            .Select(e => $"{e.SocketError} {e.Code}: ours {e.Name}, Python's {python.GetValueOrDefault(e.Code, "(none)")}"));
        Assert.Contains(returned, e => e is { Code: 92, Name: "ENOPROTOOPT" });
    }

    [Fact]
    public async Task ResolverErrors_AreGetaddrinfosCodesAsPythonsSocketModuleHasThem()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "getaddrinfo's codes are glibc's");
        var python = await Python.JsonAsync<Dictionary<string, int>>(ResolverCodes, Token);

        var resolver = EveryErrorTheEngineReturns().Where(e => e.Name.StartsWith("EAI_", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(resolver);
        Assert.All(resolver, e => Assert.Equal(python[e.Name], e.Code));
    }

    // Of for what the engine decides, From for what a socket call throws, FromLinuxErrno for what the epoll scanner reads.
    private static IEnumerable<NativeError> EveryErrorTheEngineReturns()
    {
        foreach (var error in Enum.GetValues<SocketError>().Distinct())
        {
            yield return NativeError.Of(error);
            yield return NativeError.From(new SocketException((int)error));
        }

        foreach (var errno in LinuxErrno.Names.Keys)
        {
            yield return NativeError.FromLinuxErrno(errno);
        }
    }
}
