using Cairn.Embeddings.Local;

namespace Cairn.Tests.Embeddings;

[Trait("Storage", "None")]
public sealed class LocalEmbedderOptionsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cairn-options-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void FindsTheModelInARepositoryCheckoutAboveTheApp()
    {
        var app = _root.CreateSubdirectory("functions/bin/Debug");
        var model = Touch(_root.FullName, ".cairn", "models", LocalEmbedderOptions.DefaultFileName);

        Assert.Equal(model, new LocalEmbedderOptions().ResolveModelPath(app.FullName, out _));
    }

    [Fact]
    public void PrefersTheModelPackagedBesideTheApp()
    {
        var app = _root.CreateSubdirectory("site/wwwroot");
        Touch(_root.FullName, ".cairn", "models", LocalEmbedderOptions.DefaultFileName);
        var packaged = Touch(app.FullName, "models", LocalEmbedderOptions.DefaultFileName);

        Assert.Equal(packaged, new LocalEmbedderOptions().ResolveModelPath(app.FullName, out _));
    }

    [Fact]
    public void ResolvesAConfiguredRelativePathAgainstTheApp()
    {
        var model = Touch(_root.FullName, "vectors", "custom.bin");

        Assert.Equal(model, new LocalEmbedderOptions { ModelPath = "vectors/custom.bin" }.ResolveModelPath(_root.FullName, out _));
    }

    [Fact]
    public void ReportsWhereItLookedWhenThereIsNoModel()
    {
        var app = _root.CreateSubdirectory("empty");

        Assert.Null(new LocalEmbedderOptions().ResolveModelPath(app.FullName, out var searched));
        Assert.Contains(Path.Combine(app.FullName, "models", LocalEmbedderOptions.DefaultFileName), searched);
        Assert.Contains(Path.Combine(_root.FullName, ".cairn", "models", LocalEmbedderOptions.DefaultFileName), searched);
    }

    private static string Touch(params string[] parts)
    {
        var path = Path.Combine(parts);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return path;
    }
}
