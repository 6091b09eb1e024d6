using Cairn.Search;
using Microsoft.Extensions.AI;

namespace Cairn.Eval.Bench;

// One kind of query the benchmark times: which arms run, and the filter a feature would send.
internal sealed record BenchScenario(string Name, bool Keyword, bool Vector, Func<AgentCorpus, SearchFilter> Filter, int Limit = 10)
{
    public async Task<SearchQuery> QueryAsync(AgentCorpus corpus, IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        var text = corpus.Query();
        return new SearchQuery(Keyword ? text : "")
        {
            Vector = Vector ? await embedder.GenerateVectorAsync(text) : default(ReadOnlyMemory<float>?),
            Filter = Filter(corpus),
            Limit = Limit,
        };
    }
}

// The scenarios, each mirroring a caller in the app (CollectiveIndex, MemoryIndex, EngramIndex).
internal static class BenchScenarios
{
    public static readonly BenchScenario[] All =
    [
        new("keyword, no filter", true, false, _ => SearchFilter.None),
        new("vector, no filter", false, true, _ => SearchFilter.None),
        new("hybrid, no filter", true, true, _ => SearchFilter.None),
        // POST /experiences/search: published experiences the caller may see.
        new("hybrid, experiences visible to an agent", true, true, corpus => Collective(corpus)),
        new("hybrid, experiences + domain", true, true, corpus => Collective(corpus) with { Domain = corpus.RandomDomain() }),
        new("hybrid, experiences + min quality 0.7", true, true, corpus => Collective(corpus) with { MinQuality = 0.7 }),
        new("hybrid, experiences + tools (any of 2)", true, true, corpus => Collective(corpus) with { Tools = [corpus.RandomTool(), corpus.RandomTool()] }),
        // Memory search: one agent's own memories in the live rings.
        new("hybrid, one agent's memories", true, true, corpus => new SearchFilter
        {
            Kinds = [AgentCorpus.MemoryKind], Owner = corpus.RandomAgent(), Statuses = ["full", "compressed", "summary", "essence"],
        }),
        // Engram recall: active engrams of a few scopes, public or the caller's, 100 hits.
        new("hybrid, engram recall (3 scopes, limit 100)", true, true, corpus => new SearchFilter
        {
            Kinds = [AgentCorpus.EngramKind], Statuses = ["active"], Scopes = corpus.RandomScopes(3), VisibleTo = corpus.RandomAgent(),
        }, Limit: 100),
    ];

    private static SearchFilter Collective(AgentCorpus corpus) => new()
    {
        Kinds = [AgentCorpus.ExperienceKind], VisibleTo = corpus.RandomAgent(), Statuses = ["published"],
    };
}
