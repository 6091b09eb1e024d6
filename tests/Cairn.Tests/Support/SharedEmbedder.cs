using Cairn.Embeddings.Onnx;

namespace Cairn.Tests.Support;

// The default sentence model, loaded once per test process and given to every test app: loading it per app would cost
// about a second and 300 MB each. Apps whose settings choose another embedder keep their own.
public static class SharedEmbedder
{
    public static SentenceEmbeddingGenerator Instance { get; } = new(new SentenceEmbedderOptions(), AppContext.BaseDirectory) { Shared = true };

    public static bool Applies(IReadOnlyDictionary<string, string?> settings) =>
        !settings.Keys.Any(k => k.StartsWith("Cairn:Embeddings:", StringComparison.OrdinalIgnoreCase));
}
