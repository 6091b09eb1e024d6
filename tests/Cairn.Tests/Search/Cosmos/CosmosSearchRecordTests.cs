using Cairn.Search;
using Cairn.Search.Cosmos;

namespace Cairn.Tests.Search.Cosmos;

[Trait("Storage", "None")]
public sealed class CosmosSearchRecordTests
{
    [Theory]
    [InlineData("exp_123")]
    [InlineData("engram:ENG-2026-0001")]
    [InlineData("café 日本")]
    public void AnIdCosmosAcceptsIsKeptAsItIs(string id) => Assert.Equal(id, CosmosSearchRecord.ItemId(id));

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("what?")]
    [InlineData("#tag")]
    [InlineData("~looks-hashed")]
    [InlineData("tab\there")]
    [InlineData("trailing ")]
    public void AnIdCosmosRefusesIsHashedBehindATilde(string id)
    {
        var item = CosmosSearchRecord.ItemId(id);

        Assert.Matches("^~[0-9a-f]{64}$", item);
        Assert.Equal(item, CosmosSearchRecord.ItemId(id));
        Assert.NotEqual(item, CosmosSearchRecord.ItemId(id + "x"));
    }

    [Fact]
    public void AnIdLongerThanCosmosAllowsIsHashed() =>
        Assert.Matches("^~[0-9a-f]{64}$", CosmosSearchRecord.ItemId(new string('a', SearchFields.MaxIdLength)));

    [Fact]
    public void ADocumentMapsToOneItemPartitionedByItsOwnKey()
    {
        var document = new SearchDocument("a/b", "memory")
        {
            Title = "Title", Content = "Body", Notes = "tags", Owner = "alice", Visibility = SearchVisibility.Private,
            Scope = "global", Domain = "ops", Tools = ["git"], Status = "active", Quality = 0.5, Vector = new float[] { 0, 1 },
        };

        var record = CosmosSearchRecord.From(document);

        Assert.Equal(record.Id, record.Pk);
        Assert.Equal("a/b", record.Key);
        Assert.Equal("Title\n\nBody", record.Text);
        Assert.Equal(("tags", "private", "alice"), (record.Notes, record.Visibility, record.Owner));
        Assert.Equal([0f, 1f], record.Vector!);
    }

    [Fact]
    public void ADocumentWithoutAVectorOrWithTheZeroVectorHasNoVectorProperty()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(CosmosSearchRecord.From(new SearchDocument("d", "engram") { Title = "t", Vector = new float[4] }));

        Assert.DoesNotContain("\"vector\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"quality\"", json, StringComparison.Ordinal);
        Assert.Contains("\"visibility\":\"public\"", json, StringComparison.Ordinal);
    }
}
