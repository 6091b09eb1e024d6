using Cairn.Search;

namespace Cairn.Tests.Search;

// Every filter holds inside every arm, alone and combined, with one meaning on every backend.
public abstract partial class SearchIndexConformanceTests
{
    public static TheoryData<string, Mode> FilterCases()
    {
        var data = new TheoryData<string, Mode>();
        foreach (var filter in FilterCase.All.Keys)
        {
            foreach (var mode in Enum.GetValues<Mode>())
            {
                data.Add(filter, mode);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FilterCases))]
    public async Task EachFilterHoldsInsideEveryArm(string filterName, Mode mode)
    {
        var filterCase = FilterCase.All[filterName];
        // More strong matches that fail the filter than an arm hands to fusion: filtering after the cut would find nothing.
        const string strong = "docker compose networking fails behind the corporate proxy";
        var failing = Enumerable.Range(0, 12).Select(i => filterCase.Failing(Doc($"fail-{i}", strong))).ToArray();
        var passing = filterCase.Passing(Doc("pass", "docker compose networking notes"));
        await UpsertAsync([.. failing, passing]);

        var hits = await SearchAsync(mode, strong, filterCase.Filter, limit: 5);

        Assert.Equal(["pass"], hits.Select(h => h.Id));
    }

    [Fact]
    public async Task VisibleToMeansPublicOrOwnPrivate()
    {
        await UpsertAsync(
            Doc("public", "deploy checklist") with { Owner = "bob" },
            Doc("bobs", "deploy checklist") with { Owner = "bob", Visibility = SearchVisibility.Private },
            Doc("mine", "deploy checklist") with { Owner = "alice", Visibility = SearchVisibility.Private });

        var hits = await SearchAsync(Mode.Hybrid, "deploy checklist", new SearchFilter { VisibleTo = "alice" });

        Assert.Equal(["mine", "public"], hits.Select(h => h.Id).Order());
    }

    [Fact]
    public async Task FiltersCombine()
    {
        await UpsertAsync(
            Doc("both", "flaky test retries") with { Kind = "memory", Tools = ["pytest"] },
            Doc("kind-only", "flaky test retries") with { Kind = "memory", Tools = ["jest"] },
            Doc("tool-only", "flaky test retries") with { Kind = "experience", Tools = ["pytest"] });

        var hits = await SearchAsync(Mode.Hybrid, "flaky test", new SearchFilter { Kinds = ["memory"], Tools = ["pytest"] });

        Assert.Equal(["both"], hits.Select(h => h.Id));
    }

    /// <summary>One filter with a document shape that passes it and one that fails it.</summary>
    private sealed record FilterCase(SearchFilter Filter, Func<SearchDocument, SearchDocument> Passing, Func<SearchDocument, SearchDocument> Failing)
    {
        public static readonly IReadOnlyDictionary<string, FilterCase> All = new Dictionary<string, FilterCase>
        {
            ["kind"] = new(new SearchFilter { Kinds = ["memory", "engram"] }, d => d with { Kind = "memory" }, d => d with { Kind = "experience" }),
            ["owner"] = new(new SearchFilter { Owner = "alice" }, d => d with { Owner = "alice" }, d => d with { Owner = "bob" }),
            ["visible-to"] = new(new SearchFilter { VisibleTo = "alice" },
                d => d with { Owner = "alice", Visibility = SearchVisibility.Private },
                d => d with { Owner = "bob", Visibility = SearchVisibility.Private }),
            ["scope"] = new(new SearchFilter { Scopes = ["project:cairn"] }, d => d with { Scope = "project:cairn" }, d => d with { Scope = "global" }),
            ["domain"] = new(new SearchFilter { Domain = "networking" }, d => d with { Domain = "networking" }, d => d with { Domain = "frontend" }),
            ["tools"] = new(new SearchFilter { Tools = ["docker", "podman"] }, d => d with { Tools = ["git", "podman"] }, d => d with { Tools = ["git", "kubectl"] }),
            ["status"] = new(new SearchFilter { Statuses = ["active"] }, d => d with { Status = "active" }, d => d with { Status = "archived" }),
            ["min-quality"] = new(new SearchFilter { MinQuality = 0.5 }, d => d with { Quality = 0.5 }, d => d with { Quality = 0.49 }),
        };
    }
}
