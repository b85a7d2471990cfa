using System.Text;
using System.Text.RegularExpressions;

namespace Dashboard.Web.Tests.Docs;

/// <summary>
/// Checks the relative links of Markdown files as GitHub renders them: the file (or folder) a link
/// names must exist in the clone, and a <c>#fragment</c> into a Markdown file must be one of its
/// headings' anchors. Links inside code (fenced blocks, inline spans) are examples, not links.
/// </summary>
public static partial class MarkdownLinks
{
    /// <summary>
    /// Documents another engineer writes in parallel (the agent hub's and the peer bus's wire protocols):
    /// until they are merged, a link to them from docs/ is allowed to dangle. Exactly these two names.
    /// </summary>
    private static readonly HashSet<string> PendingDocuments = new(StringComparer.Ordinal)
    {
        Path.Combine("docs", "agent-protocol.md"),
        Path.Combine("docs", "peer-protocol.md"),
    };

    /// <summary>Every link of <paramref name="file"/> (a path under <paramref name="root"/>) that does not resolve, as one line each.</summary>
    public static IEnumerable<string> BrokenLinks(string root, string file)
    {
        var text = File.ReadAllText(file);
        var relativeFile = Path.GetRelativePath(root, file);
        foreach (var (target, line) in Links(text))
        {
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var pathPart = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            var fragment = hash < 0 ? null : target[(hash + 1)..];
            var resolved = pathPart.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, pathPart));
            var relativeTarget = Path.GetRelativePath(root, resolved);

            if (relativeTarget.StartsWith("..", StringComparison.Ordinal))
            {
                yield return $"{relativeFile}:{line}: {target} leads out of the repository";
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                if (!PendingDocuments.Contains(relativeTarget))
                {
                    yield return $"{relativeFile}:{line}: {target}: no file {relativeTarget}";
                }
            }
            else if (fragment is not null && resolved.EndsWith(".md", StringComparison.Ordinal)
                     && !Anchors(File.ReadAllText(resolved)).Contains(fragment))
            {
                yield return $"{relativeFile}:{line}: {target}: {relativeTarget} has no heading whose anchor is #{fragment}";
            }
        }
    }

    /// <summary>The relative link targets of a Markdown text with their line numbers (absolute URLs left out).</summary>
    public static IEnumerable<(string Target, int Line)> Links(string markdown)
    {
        var lineNumber = 0;
        foreach (var line in OutsideCodeBlocks(markdown))
        {
            lineNumber = line.Number;
            foreach (Match link in LinkPattern().Matches(InlineCode().Replace(line.Text, "")))
            {
                var target = link.Groups["target"].Value;
                if (!Scheme().IsMatch(target))
                {
                    yield return (target, lineNumber);
                }
            }
        }
    }

    /// <summary>The anchors GitHub gives a Markdown text's headings: lower case, punctuation dropped, spaces as '-', repeats numbered.</summary>
    public static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in OutsideCodeBlocks(markdown))
        {
            var heading = Heading().Match(line.Text);
            if (!heading.Success)
            {
                continue;
            }

            var slug = Slug(heading.Groups["title"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    private static IEnumerable<(string Text, int Number)> OutsideCodeBlocks(string markdown)
    {
        var inFence = false;
        var number = 0;
        foreach (var line in markdown.Split('\n'))
        {
            number++;
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (!inFence)
            {
                yield return (line.TrimEnd('\r'), number);
            }
        }
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
