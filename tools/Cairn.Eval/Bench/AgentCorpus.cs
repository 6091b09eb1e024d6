using Cairn.Search;

namespace Cairn.Eval.Bench;

/// <summary>Which documents the corpus holds: the mixed agent corpus, or one feature's documents alone (issue 23).</summary>
internal enum CorpusKind
{
    // 60% experiences, 25% memories, 15% engrams.
    Mixed,

    // Engrams only: the documents engram recall searches.
    Engrams,

    // Memories only, 1,000 owners: one heavy agent (4% of them, at most 4,000), the rest spread evenly (~96 each at 100k).
    Memories,
}

// A deterministic generator of what agents write into Cairn: experiences (a goal, then dead ends, breakthroughs,
// gotchas and code), private memories and engrams, with the metadata the features set. Words follow a Zipf distribution
// over a shared developer vocabulary, and each document adds the long tail that real agent text has (error codes,
// package names, versions, config keys), so posting lists range from very long to single documents.
internal sealed class AgentCorpus
{
    public const string ExperienceKind = "experience";
    public const string MemoryKind = "memory";
    public const string EngramKind = "engram";
    public const int Agents = 1_000;
    public const int Scopes = 100;
    public const int HeavyAgentMax = 4_000;

    private readonly Random _random;
    private readonly Zipf _common;
    private readonly Zipf _technologies;
    private readonly string[] _packages;
    private readonly string[] _agents;
    private readonly CorpusKind _kind;
    private readonly int _heavy;

    public AgentCorpus(int seed, CorpusKind kind = CorpusKind.Mixed, int documents = 0)
    {
        _kind = kind;
        _heavy = HeavyAgentMemories(documents);
        _random = new Random(seed);
        _common = new Zipf(Vocabulary.Common.Length, 1.0);
        _technologies = new Zipf(Vocabulary.Domains.Sum(d => d.Technologies.Length), 0.8);
        _packages = Enumerable.Range(0, 5_000).Select(_ => Package()).Distinct(StringComparer.Ordinal).ToArray();
        _agents = Enumerable.Range(0, Agents).Select(i => new Guid(i + 1, 0, 0, new byte[8]).ToString()).ToArray();
    }

    public IReadOnlyList<string> AgentIds => _agents;

    /// <summary>The memories corpus's heavy agent: about every ring full at the default capacities, the most they permit.</summary>
    public string HeavyAgent => _agents[0];

    public static int HeavyAgentMemories(int documents) => Math.Min(HeavyAgentMax, documents / 25);

    public static string ScopeName(int i) => i switch { 0 => "global", < 20 => $"domain:{Vocabulary.Domains[i % Vocabulary.Domains.Length].Name}", _ => $"project:p{i}" };

    // Document n: in the mixed corpus 60% experiences, 25% memories, 15% engrams; else the one kind.
    public SearchDocument Document(int n)
    {
        var domain = Vocabulary.Domains[_random.Next(Vocabulary.Domains.Length)];
        var owner = _agents[_random.Next(_agents.Length)];
        return _kind switch
        {
            CorpusKind.Engrams => Engram(n, domain, owner),
            // The heavy agent's first, then the other 999 in turn, so each holds the same number.
            CorpusKind.Memories => Memory(n, domain, n < _heavy ? HeavyAgent : _agents[1 + (n - _heavy) % (_agents.Length - 1)]),
            _ => Mixed(n, domain, owner),
        };
    }

    private SearchDocument Mixed(int n, Domain domain, string owner)
    {
        var roll = _random.NextDouble();
        return roll < 0.60 ? Experience(n, domain, owner) : roll < 0.85 ? Memory(n, domain, owner) : Engram(n, domain, owner);
    }

    private SearchDocument Experience(int n, Domain domain, string owner)
    {
        var tech = Technology(domain);
        var content = new List<string>();
        for (var i = _random.Next(3, 8); i > 0; i--)
        {
            content.Add(Entry(domain, tech));
        }
        return new SearchDocument($"experience:{n}", ExperienceKind)
        {
            Title = Goal(domain, tech),
            Content = string.Join('\n', content),
            Notes = $"{Pick(Vocabulary.Files)} {Pick(_packages)} {tech} {Words(3)}",
            Owner = owner,
            Visibility = _random.NextDouble() < 0.85 ? SearchVisibility.Public : SearchVisibility.Private,
            Domain = domain.Name,
            Tools = Tools(domain),
            Status = _random.NextDouble() < 0.95 ? "published" : "quarantined",
            Quality = Math.Round(_random.NextDouble(), 3),
        };
    }

    private SearchDocument Memory(int n, Domain domain, string owner) => new($"memory:{n}", MemoryKind)
    {
        Title = "",
        Content = $"{Pick(Vocabulary.MemoryOpeners)} {Technology(domain)} {Words(_random.Next(8, 30))}. {Entry(domain, Technology(domain))}",
        Owner = owner,
        Visibility = SearchVisibility.Private,
        Domain = domain.Name,
        Status = Pick(Vocabulary.MemoryRings),
    };

    private SearchDocument Engram(int n, Domain domain, string owner) => new($"engram:{n}", EngramKind)
    {
        Title = $"{Pick(Vocabulary.RuleOpeners)} {Technology(domain)} {Pick(Vocabulary.Actions)} {Words(_random.Next(3, 8))}",
        Content = Entry(domain, Technology(domain)),
        Owner = owner,
        Visibility = _random.NextDouble() < 0.5 ? SearchVisibility.Public : SearchVisibility.Private,
        Scope = ScopeName(_random.Next(Scopes)),
        Domain = domain.Name,
        Status = _random.NextDouble() < 0.9 ? "active" : "dormant",
    };

    // What an agent types before a task: a few words of the problem, often a tool, sometimes the error itself.
    public string Query()
    {
        var domain = Vocabulary.Domains[_random.Next(Vocabulary.Domains.Length)];
        return _random.Next(4) switch
        {
            0 => $"{Pick(Vocabulary.Actions)} {Pick(Vocabulary.Problems)} {Technology(domain)}",
            1 => $"{Technology(domain)} {Pick(Vocabulary.Problems)}",
            2 => $"{Technology(domain)} {ErrorCode()} {Pick(Vocabulary.Problems)} after {Pick(Vocabulary.Actions)} {Technology(domain)}",
            _ => Goal(domain, Technology(domain)),
        };
    }

    public string RandomAgent() => _agents[_random.Next(_agents.Length)];

    public string RandomDomain() => Vocabulary.Domains[_random.Next(Vocabulary.Domains.Length)].Name;

    public string RandomTool() => Technology(Vocabulary.Domains[_random.Next(Vocabulary.Domains.Length)]);

    public IReadOnlyList<string> RandomScopes(int count) => Enumerable.Range(0, count).Select(_ => ScopeName(_random.Next(Scopes))).Distinct().ToList();

    private string Goal(Domain domain, string tech) => _random.Next(3) switch
    {
        0 => $"{Pick(Vocabulary.Actions)} {Pick(Vocabulary.Problems)} in {tech} {Pick(Vocabulary.Contexts)}",
        1 => $"{Pick(Vocabulary.Actions)} {tech} {Pick(Vocabulary.Contexts)} with {Technology(domain)}",
        _ => $"{tech} {Pick(Vocabulary.Problems)} when {Pick(Vocabulary.Actions)} {Technology(domain)} {Words(2)}",
    };

    private string Entry(Domain domain, string tech) => _random.Next(5) switch
    {
        0 => $"Dead end: {Pick(Vocabulary.Actions)} {Technology(domain)} did not help, still {Pick(Vocabulary.Problems)} ({ErrorCode()}). {Words(_random.Next(10, 30))}.",
        1 => $"Breakthrough: set {Pick(Vocabulary.ConfigKeys)} to {_random.Next(1, 5000)} in {Pick(Vocabulary.Files)}; {tech} {Words(_random.Next(8, 25))}.",
        2 => $"Gotcha: {tech} {Pick(_packages)} {Version()} {Pick(Vocabulary.Problems)} unless {Words(_random.Next(6, 18))}.",
        3 => $"Code: {Pick(Vocabulary.Commands)} {Pick(_packages)}@{Version()} --{Pick(Vocabulary.ConfigKeys).Replace('_', '-')} {Words(_random.Next(4, 12))}",
        _ => $"{Words(_random.Next(12, 35))} {tech} {Pick(Vocabulary.Problems)} {Words(_random.Next(5, 15))}.",
    };

    private string Words(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Vocabulary.Common[_common.Next(_random)]));

    private string Technology(Domain domain) =>
        _random.NextDouble() < 0.7 ? domain.Technologies[_random.Next(domain.Technologies.Length)] : Vocabulary.AllTechnologies[_technologies.Next(_random)];

    private IReadOnlyList<string> Tools(Domain domain) =>
        Enumerable.Range(0, _random.Next(4)).Select(_ => domain.Technologies[_random.Next(domain.Technologies.Length)]).Distinct().ToList();

    private string ErrorCode() => _random.Next(5) switch
    {
        0 => $"E{_random.Next(1000, 9999)}",
        1 => Pick(Vocabulary.Errors),
        2 => $"exit code {_random.Next(1, 256)}",
        3 => $"HTTP {Pick(Vocabulary.HttpStatuses)}",
        _ => $"0x{_random.Next():x8}",
    };

    private string Version() => $"{_random.Next(0, 20)}.{_random.Next(0, 40)}.{_random.Next(0, 12)}";

    private string Package()
    {
        var syllables = Vocabulary.Syllables;
        var name = string.Concat(Enumerable.Range(0, _random.Next(2, 4)).Select(_ => syllables[_random.Next(syllables.Length)]));
        return _random.Next(3) == 0 ? $"{name}-{syllables[_random.Next(syllables.Length)]}" : name;
    }

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];
}

// Samples ranks 0..n-1 with probability ∝ 1 / (rank + 1)^s.
internal sealed class Zipf
{
    private readonly double[] _cumulative;

    public Zipf(int n, double s)
    {
        _cumulative = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            _cumulative[i] = sum += 1 / Math.Pow(i + 1, s);
        }
    }

    public int Next(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}
