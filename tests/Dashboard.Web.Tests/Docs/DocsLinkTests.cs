using System.Text.RegularExpressions;

namespace Dashboard.Web.Tests.Docs;

/// <summary>
/// The README and docs/ are read in a clone (and on GitHub): every relative link and #anchor in them must
/// resolve, and the folder map in docs/architecture.md must name only folders that exist.
/// </summary>
public sealed partial class DocsLinkTests
{
    private static readonly string Root = RepositoryRoot();

    [Fact]
    public void EveryRelativeLinkInTheReadmeAndDocs_Resolves()
    {
        var files = new[] { Path.Combine(Root, "README.md"), Path.Combine(Root, "CHANGELOG.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"))
            .ToList();

        var broken = files.SelectMany(f => MarkdownLinks.BrokenLinks(Root, f)).ToList();

        Assert.True(files.Count > 10, $"expected the README, the changelog and the docs, found {files.Count} files");
        Assert.True(broken.Count == 0, "broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void BrokenLinks_AMissingFileAndAMissingAnchor_AreBothReported()
    {
        var dir = Directory.CreateTempSubdirectory("docs-links-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "b.md"), "# B\n\n## A part\n");
            File.WriteAllText(Path.Combine(dir.FullName, "a.md"),
                "# A\n\n[ok](b.md#a-part) [gone](missing.md) [no such part](b.md#nope) [self](#a)\n" +
                "`[code](not-a-link.md)`\n\n```\n[fenced](not-a-link-either.md)\n```\n[web](https://example.org/x.md)\n");

            var broken = MarkdownLinks.BrokenLinks(dir.FullName, Path.Combine(dir.FullName, "a.md")).ToList();

            Assert.Equal(2, broken.Count);
            Assert.Contains(broken, b => b.Contains("missing.md", StringComparison.Ordinal));
            Assert.Contains(broken, b => b.Contains("#nope", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Anchors_FollowGitHubsHeadingSlugs()
    {
        var anchors = MarkdownLinks.Anchors("# The hub: `/hubs/probe`\n## Scale-out: several dashboards\n## Notes\n## Notes\n");

        Assert.Equal(["notes", "notes-1", "scale-out-several-dashboards", "the-hub-hubsprobe"], anchors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheArchitectureFolderMap_NamesOnlyFoldersThatExist()
    {
        var folders = FolderMap(File.ReadAllText(Path.Combine(Root, "docs", "architecture.md")));

        var missing = folders.Where(f => !Directory.Exists(Path.Combine(Root, f))).ToList();

        Assert.True(folders.Count >= 20, $"expected the folder map's rows, found {folders.Count}");
        Assert.True(missing.Count == 0, "the folder map names folders that do not exist: " + string.Join(", ", missing));
    }

    [Fact]
    public void TheReadme_StaysAFrontDoor_WithTheTestCommandCiRuns()
    {
        var readme = File.ReadAllLines(Path.Combine(Root, "README.md"));

        Assert.True(readme.Length <= 200, $"README.md has {readme.Length} lines; reference belongs in docs/");
        Assert.Contains("dotnet test Dashboard.sln", readme);
    }

    /// <summary>The first column of the table under "## Folder map": one folder per row, in backticks.</summary>
    private static List<string> FolderMap(string architecture)
    {
        var section = architecture[architecture.IndexOf("## Folder map", StringComparison.Ordinal)..];
        var next = section.IndexOf("\n## ", StringComparison.Ordinal);
        section = next < 0 ? section : section[..next];
        return FolderCell().Matches(section).Select(m => m.Groups["folder"].Value).ToList();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no Dashboard.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^\| `(?<folder>[^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex FolderCell();
}
