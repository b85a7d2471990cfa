using System.Xml.Linq;

namespace Dashboard.Web.Tests.Support;

/// <summary>
/// The layout the test infrastructure keeps: shared fixtures in one library that every test project and the
/// benchmarks reference (no source files linked in by name), the benchmarks and their C reference in the
/// repository, and no path of the machine the repository was written on.
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

    private static bool IsBuildOutput(string file) =>
        Path.GetRelativePath(Repository.Root, file).Split(Path.DirectorySeparatorChar) is var parts
        && parts.Any(p => p is "bin" or "obj" or ".git" or "node_modules" or "TestResults");
}
