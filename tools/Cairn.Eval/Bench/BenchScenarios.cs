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

// The scenarios of each corpus, each mirroring a caller in the app (CollectiveIndex, MemoryIndex, EngramIndex).
internal static class BenchScenarios
{
    private static readonly string[] LiveRings = ["full", "compressed", "summary", "essence"];

    private static readonly BenchScenario[] Unfiltered =
    [
        new("keyword, no filter", true, false, _ => SearchFilter.None),
        new("vector, no filter", false, true, _ => SearchFilter.None),
        new("hybrid, no filter", true, true, _ => SearchFilter.None),
    ];

    // Memory search (MemoryIndex.SearchAsync): one agent's own memories in the live rings.
    private static readonly BenchScenario Memories = new("hybrid, one agent's memories", true, true, corpus => OwnMemories(corpus.RandomAgent()));

    // Engram recall (EngramIndex.SearchAsync): active engrams of a few scopes, public or the caller's, 100 hits.
    private static readonly BenchScenario Recall = new("hybrid, engram recall (3 scopes, limit 100)", true, true, RecallFilter, Limit: 100);

    public static readonly BenchScenario[] Mixed =
    [
        .. Unfiltered,
        // POST /experiences/search: published experiences the caller may see.
        new("hybrid, experiences visible to an agent", true, true, corpus => Collective(corpus)),
        new("hybrid, experiences + domain", true, true, corpus => Collective(corpus) with { Domain = corpus.RandomDomain() }),
        new("hybrid, experiences + min quality 0.7", true, true, corpus => Collective(corpus) with { MinQuality = 0.7 }),
        new("hybrid, experiences + tools (any of 2)", true, true, corpus => Collective(corpus) with { Tools = [corpus.RandomTool(), corpus.RandomTool()] }),
        Memories,
        Recall,
    ];

    // --corpus engrams: the recall call, and each arm of it alone, to show which one costs.
    public static readonly BenchScenario[] Engrams =
    [
        .. Unfiltered,
        Recall,
        new("keyword, engram recall (3 scopes, limit 100)", true, false, RecallFilter, Limit: 100),
        new("vector, engram recall (3 scopes, limit 100)", false, true, RecallFilter, Limit: 100),
    ];

    // --corpus memories: a typical agent (~96 memories at 100k), the heavy one (4,000), and each arm of the typical search.
    public static readonly BenchScenario[] MemoryCorpus =
    [
        .. Unfiltered,
        Memories,
        new("hybrid, the heavy agent's memories", true, true, corpus => OwnMemories(corpus.HeavyAgent)),
        new("keyword, one agent's memories", true, false, corpus => OwnMemories(corpus.RandomAgent())),
        new("vector, one agent's memories", false, true, corpus => OwnMemories(corpus.RandomAgent())),
    ];

    public static BenchScenario[] For(CorpusKind kind) => kind switch
    {
        CorpusKind.Engrams => Engrams,
        CorpusKind.Memories => MemoryCorpus,
        _ => Mixed,
    };

    private static SearchFilter Collective(AgentCorpus corpus) => new()
    {
        Kinds = [AgentCorpus.ExperienceKind], VisibleTo = corpus.RandomAgent(), Statuses = ["published"],
    };

    private static SearchFilter OwnMemories(string agent) => new() { Kinds = [AgentCorpus.MemoryKind], Owner = agent, Statuses = LiveRings };

    private static SearchFilter RecallFilter(AgentCorpus corpus) => new()
    {
        Kinds = [AgentCorpus.EngramKind], Statuses = ["active"], Scopes = corpus.RandomScopes(3), VisibleTo = corpus.RandomAgent(),
    };
}
