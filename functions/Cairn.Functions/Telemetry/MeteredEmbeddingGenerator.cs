using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Cairn.Telemetry;

// Times every embedding call (a span and the cairn.embedding.duration histogram), whichever embedder is configured.
internal sealed class MeteredEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, CairnTelemetry telemetry)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyCollection<string> ?? values.ToList();
        var model = InnerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";
        using var activity = CairnTelemetry.Source.StartActivity("embed");
        activity?.SetTag("gen_ai.request.model", model);
        activity?.SetTag("cairn.embedding.texts", texts.Count);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await base.GenerateAsync(texts, options, cancellationToken);
        }
        catch (Exception exception)
        {
            outcome = "error";
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
        finally
        {
            telemetry.EmbeddingDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new("gen_ai.request.model", model), new("cairn.outcome", outcome));
            telemetry.EmbeddedTexts.Add(texts.Count, new KeyValuePair<string, object?>("gen_ai.request.model", model));
        }
    }
}
