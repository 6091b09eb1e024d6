namespace Cairn.Embeddings.Local;

public static class LocalEmbedderExtensions
{
    // Registers the built-in GloVe embedder as the app's IEmbeddingGenerator and loads it in the background at start.
    public static IServiceCollection AddLocalEmbedder(this IServiceCollection services) =>
        BuiltInEmbedder.Add<LocalEmbeddingGenerator, LocalEmbedderOptions, LocalEmbedderOptionsValidator>(services, LocalEmbedderOptions.Section,
            new("Local", generator => generator.ModelPath, async generator =>
            {
                var model = await generator.StartLoading();
                return (model.ModelId, model.LoadTime);
            }));
}
