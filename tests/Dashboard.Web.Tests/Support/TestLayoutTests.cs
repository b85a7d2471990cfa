using System.Xml.Linq;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// The layout the test infrastructure keeps: shared fixtures in one library that every test project and the
/// benchmarks reference (no source files linked in by name), the benchmarks and their C reference in the
/// repository, no path of the machine the repository was written on, the engine's tests in the engine's folders
/// and the browser tests grouped by what they drive.
/// </summary>
public sealed class TestLayoutTests
{
    private static readonly string[] TextFiles = ["*.cs", "*.sh", "*.md", "*.csproj", "*.props", "*.sln", "*.json", "*.c", "run"];

    [Theory]
    [InlineData("tests/Dashboard.Sockets.Tests/Dashboard.Sockets.Tests.csproj")]
    [InlineData("tests/Dashboard.Web.Tests/Dashboard.Web.Tests.csproj")]
    [InlineData("tests/Dashboard.E2E.Tests/Dashboard.E2E.Tests.csproj")]
    [InlineData("benchmarks/Dashboard.Benchmarks.csproj")]
    public void Project_ReferencesTheTestingLibrary_AndLinksNoSourceFromElsewhere(string project)
    {
        var xml = XDocument.Load(Path.Combine(Repository.Root, project));

        var references = xml.Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include") ?? "");
        Assert.Contains(references, r => r.EndsWith(@"Dashboard.Testing\Dashboard.Testing.csproj", StringComparison.Ordinal));
        var linked = xml.Descendants("Compile").Select(c => (string?)c.Attribute("Include") ?? "").Where(c => c.StartsWith("..", StringComparison.Ordinal));
        Assert.Empty(linked);
    }

    [Fact]
    public void Benchmarks_AreOutOfTests_WithTheirCReference()
    {
        Assert.False(Directory.Exists(Path.Combine(Repository.Root, "tests", "Dashboard.Benchmarks")), "tests/Dashboard.Benchmarks is back: the benchmarks live in benchmarks/");
        Assert.True(File.Exists(Path.Combine(Repository.Root, "benchmarks", "cscan", "cscan.c")), "benchmarks/cscan/cscan.c is missing: run.sh builds the C reference from it");
    }

    [Fact]
    public void NoFile_NamesAPathOfTheMachineItWasWrittenOn()
    {
        // Split, so this file does not find itself.
        var machinePath = "/" + "work/";
        var offending = TextFiles
            .SelectMany(pattern => Directory.EnumerateFiles(Repository.Root, pattern, SearchOption.AllDirectories))
            .Where(file => !IsBuildOutput(file) && File.ReadAllText(file).Contains(machinePath, StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(Repository.Root, file));
        Assert.Empty(offending);
    }

    [Fact]
    public void SocketsTests_MirrorTheEngineFolders_EachTestBesideWhatItTests()
    {
        var tests = Path.Combine(Repository.Root, "tests", "Dashboard.Sockets.Tests");
        var engine = Path.Combine(Repository.Root, "src", "Dashboard.Sockets");
        var engineFiles = SourceFiles(engine).ToLookup(Path.GetFileNameWithoutExtension, file => Folder(engine, file), StringComparer.Ordinal);

        var misplaced = SourceFiles(tests)
            .Select(file => (Test: Path.GetRelativePath(tests, file), Folder: Folder(tests, file), Subject: Path.GetFileNameWithoutExtension(file)))
            .Where(t => t.Folder is not ("" or "Support"))
            .Where(t => !Directory.Exists(Path.Combine(engine, t.Folder))
                || (t.Subject.EndsWith("Tests", StringComparison.Ordinal) && engineFiles[t.Subject[..^"Tests".Length]] is var homes
                    && homes.Any() && !homes.Contains(t.Folder)))
            .Select(t => $"{t.Test}: src/Dashboard.Sockets has no folder {t.Folder}, or keeps what {t.Subject} tests in another");
        Assert.Empty(misplaced);
    }

    [Fact]
    public void BrowserTests_LiveInAccessFeaturesOrSweep_NoneAtTheTop()
    {
        var root = Path.Combine(Repository.Root, "tests", "Dashboard.E2E.Tests");
        string[] allowed = ["Access", "Features", "Sweep", "Support"];

        var misplaced = SourceFiles(root)
            .Select(file => Path.GetRelativePath(root, file))
            .Where(file => !allowed.Contains(file.Split(Path.DirectorySeparatorChar)[0]) || !file.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Empty(misplaced);
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(file => !IsBuildOutput(file));

    private static string Folder(string root, string file) => Path.GetDirectoryName(Path.GetRelativePath(root, file)) ?? "";

    private static bool IsBuildOutput(string file) =>
        Path.GetRelativePath(Repository.Root, file).Split(Path.DirectorySeparatorChar) is var parts
        && parts.Any(p => p is "bin" or "obj" or ".git" or "node_modules" or "TestResults");
}
