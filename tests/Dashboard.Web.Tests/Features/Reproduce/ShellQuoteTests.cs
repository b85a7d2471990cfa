using System.Text;
using Dashboard.Web.Features.Reproduce;

namespace Dashboard.Web.Tests.Features.Reproduce;

/// <summary>
/// The quoting proven by the shells and the interpreter themselves: each hostile string is quoted, handed to sh (dash),
/// bash or python3, and what they receive is compared byte for byte with what went in.
/// </summary>
public sealed class ShellQuoteTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Strings a shell would act on if they were not quoted, and strings that break naive quoting.</summary>
    public static readonly string[] Hostile =
    [
        "", "plain", "$(touch /tmp/reproduce-pwned)", "`id`", "a; rm -rf ~", "x && reboot", "a | cat /etc/passwd", "'", "''", "'\\''",
        "\"", "\\", "\\'", "a\nb", "\r\n", "\t", "${HOME}", "$HOME", "!!", "*", "?", "~", "#comment", "%s%n%%", "\\x41\\101",
        "-rf", "a b  c", "Ωmega 漢字 😀", "‘quoted’ ‚low‛", "'; Remove-Item -Recurse C:\\ ; '", "$(Get-Process)", "@(1)", "\u00a0\u200b",
    ];

    public static TheoryData<string> HostileData() => [.. Hostile];

    [Theory]
    [InlineData("sh")]
    [InlineData("bash")]
    public async Task Posix_EveryHostileAndRandomString_ReachesTheCommandAsExactlyOneArgument(string shell)
    {
        var texts = Hostile.Concat(RandomStrings(300)).ToList();

        var output = await ShellRun.RunAsync(shell, "printf '%s\\0' " + string.Join(' ', texts.Select(ShellQuote.Posix)), Limit, Token);

        Assert.Equal(0, output.ExitCode);
        Assert.Equal(Encoding.UTF8.GetBytes(string.Concat(texts.Select(t => t + "\0"))), output.Stdout);
    }

    [Fact]
    public void Posix_Nul_IsRefusedNotTruncated() =>
        Assert.Throws<ArgumentException>(() => ShellQuote.Posix("a\0b"));

    [Fact]
    public async Task PythonString_InsidePosixQuotes_IsExactlyTheTextForPython()
    {
        var texts = Hostile.Concat(RandomStrings(300)).ToList();
        var script = "import sys; sys.stdout.buffer.write(b\"\\0\".join(t.encode(\"utf-8\") for t in [" +
                     string.Join(", ", texts.Select(ShellQuote.PythonString)) + "]))";

        var output = await ShellRun.RunAsync("sh", "python3 -c " + ShellQuote.Posix(script), Limit, Token);

        Assert.True(output.ExitCode == 0, output.Stderr);
        Assert.Equal(Encoding.UTF8.GetBytes(string.Join('\0', texts)), output.Stdout);
    }

    [Theory]
    [InlineData("sh")]
    [InlineData("bash")]
    public async Task PrintfFormat_EveryByteValue_PrintsExactlyThoseBytes(string shell)
    {
        byte[] payload = [.. Enumerable.Range(0, 256).Select(b => (byte)b), .. "%s%n\\'\"$(id)`id`\n"u8.ToArray(), 0, 0, 0x31];

        var output = await ShellRun.RunAsync(shell, "printf " + PayloadLiterals.Printf(payload), Limit, Token);

        Assert.Equal(payload, output.Stdout);
    }

    [Fact]
    public async Task PythonBytes_EveryByteValue_IsExactlyThoseBytes()
    {
        byte[] payload = [.. Enumerable.Range(0, 256).Select(b => (byte)b), .. "\\x00\"'\n"u8.ToArray(), 0];
        var script = $"import sys; sys.stdout.buffer.write({PayloadLiterals.PythonBytes(payload)})";

        var output = await ShellRun.RunAsync("bash", "python3 -c " + ShellQuote.Posix(script), Limit, Token);

        Assert.Equal(payload, output.Stdout);
    }

    [Theory]
    [MemberData(nameof(HostileData))]
    public void PowerShell_HostileString_ParsesBackToItselfAsOneSingleQuotedString(string text)
    {
        var quoted = ShellQuote.PowerShell(text);

        Assert.Equal(text, ParsePowerShellSingleQuoted(quoted));
    }

    [Fact]
    public void PowerShell_RandomStrings_ParseBackToThemselves()
    {
        foreach (var text in RandomStrings(500))
        {
            Assert.Equal(text, ParsePowerShellSingleQuoted(ShellQuote.PowerShell(text)));
        }
    }

    [Fact]
    public void PowerShellBytes_AreHexBytesOnly() =>
        Assert.Equal("[byte[]](0x00,0x27,0xff)", PayloadLiterals.PowerShellBytes([0, 0x27, 0xff]));

    /// <summary>
    /// PowerShell's rule for a verbatim string (about_Quoting_Rules): it opens and closes with any of ' ‘ ’ ‚ ‛, a doubled
    /// quote character is one literal quote, and nothing else is special. Fails unless the whole input is exactly one such string.
    /// </summary>
    private static string ParsePowerShellSingleQuoted(string quoted)
    {
        static bool IsQuote(char c) => c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B';
        Assert.True(quoted.Length >= 2 && IsQuote(quoted[0]), $"not a single-quoted string: {quoted}");
        var text = new StringBuilder();
        var i = 1;
        while (true)
        {
            Assert.True(i < quoted.Length, $"unterminated: {quoted}");
            if (IsQuote(quoted[i]))
            {
                if (i + 1 < quoted.Length && IsQuote(quoted[i + 1]))
                {
                    text.Append(quoted[i + 1]);
                    i += 2;
                    continue;
                }

                Assert.True(i == quoted.Length - 1, $"the string ends before the input does: {quoted}");
                return text.ToString();
            }

            text.Append(quoted[i++]);
        }
    }

    /// <summary>Strings over the characters shells and PowerShell treat specially, and some that are not ASCII; fixed seed.</summary>
    internal static IEnumerable<string> RandomStrings(int count)
    {
        const string alphabet = "'\"\\$`;&|<>(){}[]*?!#~%@ \t\n\r-=+,.:/aZ09éΩ漢‘’‚‛\u00a0";
        var random = new Random(24);
        for (var n = 0; n < count; n++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(0, 24); i > 0; i--)
            {
                text.Append(random.Next(40) == 0 ? "😀" : alphabet[random.Next(alphabet.Length)].ToString());
            }

            yield return text.ToString();
        }
    }
}
