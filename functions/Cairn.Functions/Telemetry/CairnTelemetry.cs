using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cairn.Telemetry;

// Cairn's own activity source and instruments: search and embedding latency, job runs.
public sealed class CairnTelemetry
{
    public const string Name = "Cairn";

    public static readonly ActivitySource Source = new(Name);

    public CairnTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        SearchDuration = meter.CreateHistogram<double>("cairn.search.duration", "s", "Duration of hybrid searches against the search index.");
        EmbeddingDuration = meter.CreateHistogram<double>("cairn.embedding.duration", "s", "Duration of embedding calls (one batch of texts each).");
        EmbeddedTexts = meter.CreateCounter<long>("cairn.embedding.texts", "{text}", "Texts embedded.");
        JobRuns = meter.CreateCounter<long>("cairn.job.runs", "{run}", "Job runs, by job, trigger and status.");
        JobDuration = meter.CreateHistogram<double>("cairn.job.duration", "s", "Duration of job runs.");
    }

    public Histogram<double> SearchDuration { get; }

    public Histogram<double> EmbeddingDuration { get; }

    public Counter<long> EmbeddedTexts { get; }

    public Counter<long> JobRuns { get; }

    public Histogram<double> JobDuration { get; }
}
