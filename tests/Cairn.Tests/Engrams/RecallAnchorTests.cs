using System.Text.Json.Nodes;
using Cairn.Engrams;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

/// <summary>PLUR: recall inlines knowledge anchors' snippets under their engram, within the token budget.</summary>
public sealed class RecallAnchorTests(AppFixture fixture)
{
    private static readonly object Anchors = new
    {
        knowledge_anchors = new object[]
        {
            new { path = "docs/example.md", relevance = "example", snippet = "parcel 41/2 split\n   in 2019" },
            new { path = "src/cadastre/notes.md" },
            new { path = "src/cadastre/migration.ts", relevance = "primary", snippet = "if (parcel.legacy) { return migrateV37(parcel); }" },
        },
    };

    [Fact]
    public async Task AnchorSnippetsFollowTheirStatementPrimaryFirst()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);
        var marker = Words.Marker();
        var scope = $"project:{marker}";
        var id = await agent.ActiveAsync($"Legacy {marker} parcels are migrated by the v3.7 script.", scope, Anchors);

        var recall = await agent.RecallAsync(new { query = $"{marker} parcels", scopes = new[] { scope } });

        var expected = $"## Knowledge\n- Legacy {marker} parcels are migrated by the v3.7 script. [{id}]\n" +
            "  At src/cadastre/migration.ts (primary): if (parcel.legacy) { return migrateV37(parcel); }\n" +
            "  At docs/example.md (example): parcel 41/2 split in 2019";
        Assert.Equal(expected, recall.Str("injection"));
        var item = recall["knowledge"]![0]!;
        Assert.Equal(["src/cadastre/migration.ts", "docs/example.md"], item["anchors"]!.AsArray().Select(a => a.Str("path")));
        Assert.Equal(Tokens.Estimate(expected), (int)recall["tokens"]!["used"]!);
    }

    [Fact]
    public async Task WhenTheSnippetsDoNotFitTheStatementGoesAlone()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);
        var marker = Words.Marker();
        var scope = $"project:{marker}";
        var statement = $"Legacy {marker} parcels are migrated by the v3.7 script.";
        var id = await agent.ActiveAsync(statement, scope, Anchors);
        var alone = $"## Knowledge\n- {statement} [{id}]";

        var recall = await agent.RecallAsync(new { query = $"{marker} parcels", scopes = new[] { scope }, budget_tokens = Tokens.Estimate(alone) });

        Assert.Equal(alone, recall.Str("injection"));
        Assert.Empty(recall["knowledge"]![0]!["anchors"]!.AsArray());
        Assert.Equal("statement", recall["knowledge"]![0].Str("rendered"));
    }
}
