using System.Diagnostics;
using System.Globalization;
using Cairn.Eval;
using Cairn.Search;
using Cairn.Search.Postgres;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

// Usage: Cairn.Eval <beir-dir> [--sweep] [--set Section:Key=value]...   (scripts/eval builds and runs this)
// Indexes the corpus through the real search port into a throwaway database, runs every judged query in three modes,
// and prints one line of metrics per mode, then indexing time and query latency.
//        Cairn.Eval bench [options]   (scripts/bench-search): the latency benchmark, see Bench/SearchBenchmark.cs.
if (args is ["bench", .. var benchArguments])
{
    return await Cairn.Eval.Bench.SearchBenchmark.RunAsync(benchArguments);
}

var (directory, sweep, settings) = ParseArguments(args);
if (directory is null)
{
    Console.Error.WriteLine("usage: scripts/eval <dir with corpus.jsonl, queries.jsonl, qrels.tsv> [--sweep] [--set Cairn:Search:Fusion:Method=Rrf]...");
    return 2;
}

var set = BeirSet.Load(directory);
var database = $"cairn_eval_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}";
await EvalHost.AdminAsync($"create database \"{database}\"");
try
{
    using var host = await EvalHost.StartAsync(database, settings);

    var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
    var index = host.Services.GetRequiredService<ISearchIndex>();
    var model = host.Services.GetRequiredService<EmbeddingModelInfo>();
    var options = host.Services.GetRequiredService<IOptions<SearchOptions>>().Value;

    var (embedTime, indexTime) = await IndexAsync(set, generator, index);
    Console.Error.WriteLine($"{set.Name}: {set.Corpus.Count} documents, {set.Queries.Count} judged queries, embedder {model.Model} ({model.Dimensions}-d)");

    var queryVectors = new List<float[]>();
    var embedQuery = new Latency();
    foreach (var query in set.Queries)
    {
        var started = Stopwatch.GetTimestamp();
        queryVectors.Add((await generator.GenerateVectorAsync(Fit(query.Text, SearchFields.MaxQueryLength), Cairn.Embeddings.EmbeddingPurpose.Query)).ToArray());
        embedQuery.Add(Stopwatch.GetElapsedTime(started));
    }

    var runs = new List<(string Label, ISearchIndex Index, bool Text, bool Vector)>
    {
        ("keyword", index, true, false),
        ("vector", index, false, true),
        ("hybrid", index, true, true),
    };
    if (sweep)
    {
        var dataSource = host.Services.GetRequiredService<SearchDataSource>();
        ISearchIndex With(FusionMethod method, double weight = 0.8, ScoreNormalization normalization = ScoreNormalization.MinMax) =>
            new PostgresSearchIndex(dataSource, Options.Create(new SearchOptions
            {
                CandidatesPerArm = options.CandidatesPerArm,
                Fusion = { Method = method, KeywordWeight = weight, RrfK = options.Fusion.RrfK, Normalization = normalization },
            }), model, new VectorReadiness());
        runs.Add(($"hybrid[rrf k={options.Fusion.RrfK}]", With(FusionMethod.Rrf), true, true));
        foreach (var weight in new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 })
        {
            runs.Add((string.Create(CultureInfo.InvariantCulture, $"hybrid[convex theoretical-min w={weight}]"), With(FusionMethod.Convex, weight, ScoreNormalization.TheoreticalMinMax), true, true));
            runs.Add((string.Create(CultureInfo.InvariantCulture, $"hybrid[convex min-max w={weight}]"), With(FusionMethod.Convex, weight, ScoreNormalization.MinMax), true, true));
            runs.Add((string.Create(CultureInfo.InvariantCulture, $"hybrid[convex absolute-cosine w={weight}]"), With(FusionMethod.Convex, weight, ScoreNormalization.AbsoluteCosine), true, true));
        }
    }

    var latencies = new List<(string Label, Latency Latency)>();
    foreach (var run in runs)
    {
        var metrics = new Metrics(10);
        var latency = new Latency();
        for (var i = 0; i < set.Queries.Count; i++)
        {
            var query = new SearchQuery(run.Text ? Fit(set.Queries[i].Text, SearchFields.MaxQueryLength) : "")
            {
                Vector = run.Vector ? queryVectors[i] : default(ReadOnlyMemory<float>?),
                Limit = 10,
            };
            var started = Stopwatch.GetTimestamp();
            var hits = await run.Index.SearchAsync(query, CancellationToken.None);
            latency.Add(Stopwatch.GetElapsedTime(started));
            metrics.Add([.. hits.Select(h => h.Id)], set.Relevant[set.Queries[i].Id]);
        }
        Console.WriteLine(metrics.Format(run.Label));
        latencies.Add((run.Label, latency));
    }

    var fusion = options.Fusion.Resolve(model.Provider);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"hybrid fusion: {fusion}{(fusion == FusionMethod.Convex ? $" keyword weight {options.Fusion.ResolveKeywordWeight(model.Provider, model.Model)}" : $" k {options.Fusion.RrfK}")}, {options.CandidatesPerArm} candidates per arm"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"indexing: {set.Corpus.Count} documents in {(embedTime + indexTime).TotalSeconds:F1} s (embedding {embedTime.TotalSeconds:F1} s, search index {indexTime.TotalSeconds:F1} s, {set.Corpus.Count / indexTime.TotalSeconds:F0} documents/s)"));
    Console.WriteLine(embedQuery.Format("latency ms, query embedding:"));
    foreach (var (label, latency) in latencies.Take(3))
    {
        Console.WriteLine(latency.Format($"latency ms, {label} search:"));
    }
    await host.StopAsync();
    return 0;
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await EvalHost.AdminAsync($"drop database if exists \"{database}\" with (force)");
}

static async Task<(TimeSpan Embedding, TimeSpan Indexing)> IndexAsync(BeirSet set, IEmbeddingGenerator<string, Embedding<float>> generator, ISearchIndex index)
{
    TimeSpan embedding = TimeSpan.Zero, indexing = TimeSpan.Zero;
    foreach (var batch in set.Corpus.Chunk(200))
    {
        var started = Stopwatch.GetTimestamp();
        var vectors = await generator.GenerateAsync(batch.Select(d => $"{d.Title}\n{d.Text}"));
        embedding += Stopwatch.GetElapsedTime(started);
        var documents = batch.Select((d, i) => new SearchDocument(d.Id, "eval")
        {
            Title = Fit(d.Title, SearchFields.MaxDocumentTextLength / 8),
            Content = Fit(d.Text, SearchFields.MaxDocumentTextLength - Fit(d.Title, SearchFields.MaxDocumentTextLength / 8).Length),
            Vector = vectors[i].Vector,
        }).ToList();
        started = Stopwatch.GetTimestamp();
        await index.UpsertAsync(documents, CancellationToken.None);
        indexing += Stopwatch.GetElapsedTime(started);
    }
    return (embedding, indexing);
}

// Sets it has never seen may hold texts over the port's limits: cut them at a word boundary rather than fail.
static string Fit(string text, int limit)
{
    if (text.Length <= limit)
    {
        return text;
    }
    var cut = text.LastIndexOf(' ', limit - 1);
    return text[..(cut > 0 ? cut : limit)];
}

static (string? Directory, bool Sweep, List<KeyValuePair<string, string?>> Settings) ParseArguments(string[] args)
{
    string? directory = null;
    var sweep = false;
    var settings = new List<KeyValuePair<string, string?>>();
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == "--sweep")
        {
            sweep = true;
        }
        else if (args[i] == "--set" && i + 1 < args.Length && args[i + 1].Split('=', 2) is [var key, var value])
        {
            settings.Add(new(key, value));
            i++;
        }
        else if (directory is null && !args[i].StartsWith("--", StringComparison.Ordinal))
        {
            directory = args[i];
        }
        else
        {
            return (null, false, settings);
        }
    }
    return (directory, sweep, settings);
}
