using Cairn.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Cairn.Tests.Architecture;

// The app's source compiled here with Roslyn, so architecture tests can bind names as the compiler does.
public static class AppSource
{
    private static readonly Lazy<(string Project, IReadOnlyList<SyntaxTree> Trees, CSharpCompilation Compilation)> Compiled = new(Build);

    // The app's own files (not the SDK's implicit usings, which are compiled in but not returned) and their compilation.
    public static (string Project, IReadOnlyList<SyntaxTree> Trees, CSharpCompilation Compilation) Compile() => Compiled.Value;

    private static (string, IReadOnlyList<SyntaxTree>, CSharpCompilation) Build()
    {
        var project = Path.Combine(Package.RepoRoot(), "functions", "Cairn.Functions");
        var sources = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(project, f)))
            .ToList();
        // The SDK's implicit usings are part of the source as the compiler sees it.
        var globalUsings = Directory.EnumerateFiles(Path.Combine(project, "obj"), "*.GlobalUsings.g.cs", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new InvalidOperationException("No GlobalUsings.g.cs under the app's obj/: build the app first.");
        var trees = sources.Append(globalUsings)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), f))
            .ToList();
        var compilation = CSharpCompilation.Create("AppSource", trees, References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return (project, trees.Where(t => t.FilePath != globalUsings).ToList(), compilation);
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    // The framework and every assembly beside the tests, but not the app itself (its source is compiled here).
    private static IEnumerable<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
        return platform.Concat(local)
            .Where(p => !Path.GetFileName(p).StartsWith("Cairn.", StringComparison.Ordinal))
            .DistinctBy(Path.GetFileName)
            .Select(p => MetadataReference.CreateFromFile(p));
    }
}
