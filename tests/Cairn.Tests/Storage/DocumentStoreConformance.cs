using System.Text;
using Cairn.Storage;
using Cairn.Tests.Support;

namespace Cairn.Tests.Storage;

// What every IDocumentStore must do, run once per backend by a subclass with its fixture. Tests share the backend's
// database, so each writes under fresh partition keys (and a fresh run tag for cross-partition queries). Time is a
// FakeClock handed to the store: TTL tests never sleep.
public abstract partial class DocumentStoreConformance(IDocumentStoreFixture fixture) : IAsyncLifetime
{
    protected const string Main = ConformanceContainers.Main;
    protected const string Other = ConformanceContainers.Other;

    protected FakeClock Clock { get; } = new();

    protected IDocumentStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        Store = fixture.CreateStore(Clock);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task ACreatedDocumentReadsBackWithItsETag()
    {
        var pk = NewKey();
        var created = await Store.CreateAsync(Main, pk, "a", new Thing("alpha", 1, true, Tags: ["x"]), null, Ct);

        var read = await Store.ReadAsync<Thing>(Main, pk, "a", Ct);

        Assert.NotNull(read);
        Assert.Equal(("a", pk, created.ETag), (read.Id, read.PartitionKey, read.ETag));
        Assert.Equal(("alpha", 1, true, (string?)null), (read.Body.Name, read.Body.N, read.Body.Flag, read.Body.Note));
        Assert.Equal(["x"], read.Body.Tags!);
        Assert.False(string.IsNullOrEmpty(created.ETag));
    }

    [Fact]
    public async Task CreatingAnIdThatExistsIsAConflictAndKeepsTheOriginal()
    {
        var pk = NewKey();
        await Store.CreateAsync(Main, pk, "a", new Thing("first"), null, Ct);

        await Assert.ThrowsAsync<DocumentConflictException>(() => Store.CreateAsync(Main, pk, "a", new Thing("second"), null, Ct));

        Assert.Equal("first", (await Store.ReadAsync<Thing>(Main, pk, "a", Ct))!.Body.Name);
    }

    [Fact]
    public async Task ReadingAMissingDocumentReturnsNull()
    {
        Assert.Null(await Store.ReadAsync<Thing>(Main, NewKey(), "nobody", Ct));
    }

    [Fact]
    public async Task ReplacingWithTheCurrentETagWritesAndIssuesANewETag()
    {
        var pk = NewKey();
        var created = await Store.CreateAsync(Main, pk, "a", new Thing("v1"), null, Ct);

        var replaced = await Store.ReplaceAsync(Main, pk, "a", new Thing("v2"), created.ETag, null, Ct);

        Assert.NotEqual(created.ETag, replaced.ETag);
        var read = await Store.ReadAsync<Thing>(Main, pk, "a", Ct);
        Assert.Equal(("v2", replaced.ETag), (read!.Body.Name, read.ETag));
    }

    [Fact]
    public async Task ReplacingWithAStaleETagFailsAndKeepsTheNewerVersion()
    {
        var pk = NewKey();
        var created = await Store.CreateAsync(Main, pk, "a", new Thing("v1"), null, Ct);
        await Store.ReplaceAsync(Main, pk, "a", new Thing("v2"), created.ETag, null, Ct);

        await Assert.ThrowsAsync<DocumentPreconditionFailedException>(() => Store.ReplaceAsync(Main, pk, "a", new Thing("v3"), created.ETag, null, Ct));

        Assert.Equal("v2", (await Store.ReadAsync<Thing>(Main, pk, "a", Ct))!.Body.Name);
    }

    [Fact]
    public async Task ReplacingAMissingDocumentIsNotFound()
    {
        var pk = NewKey();
        var created = await Store.CreateAsync(Main, pk, "a", new Thing("v1"), null, Ct);
        await Store.DeleteAsync(Main, pk, "a", null, Ct);

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Store.ReplaceAsync(Main, pk, "a", new Thing("v2"), created.ETag, null, Ct));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Store.ReplaceAsync(Main, pk, "never", new Thing("v2"), created.ETag, null, Ct));
    }

    [Fact]
    public async Task UpsertCreatesAndThenOverwrites()
    {
        var pk = NewKey();
        var first = await Store.UpsertAsync(Main, pk, "a", new Thing("v1"), null, Ct);
        var second = await Store.UpsertAsync(Main, pk, "a", new Thing("v2"), null, Ct);

        Assert.NotEqual(first.ETag, second.ETag);
        var read = await Store.ReadAsync<Thing>(Main, pk, "a", Ct);
        Assert.Equal(("v2", second.ETag), (read!.Body.Name, read.ETag));
    }

    [Fact]
    public async Task DeletingWithoutAnETagRemovesTheDocument()
    {
        var pk = NewKey();
        await Store.CreateAsync(Main, pk, "a", new Thing("v1"), null, Ct);

        Assert.True(await Store.DeleteAsync(Main, pk, "a", null, Ct));

        Assert.Null(await Store.ReadAsync<Thing>(Main, pk, "a", Ct));
        Assert.False(await Store.DeleteAsync(Main, pk, "a", null, Ct));
    }

    [Fact]
    public async Task DeletingWithTheCurrentETagRemovesTheDocument()
    {
        var pk = NewKey();
        var created = await Store.CreateAsync(Main, pk, "a", new Thing("v1"), null, Ct);

        Assert.True(await Store.DeleteAsync(Main, pk, "a", created.ETag, Ct));

        Assert.Null(await Store.ReadAsync<Thing>(Main, pk, "a", Ct));
    }

    [Fact]
    public async Task DeletingAMissingDocumentReturnsFalseWithOrWithoutAnETag()
    {
        Assert.False(await Store.DeleteAsync(Main, NewKey(), "nobody", null, Ct));
        Assert.False(await Store.DeleteAsync(Main, NewKey(), "nobody", "\"some-etag\"", Ct));
    }

    [Fact]
    public async Task DeletingWithAStaleETagFailsAndKeepsTheDocument()
    {
        var pk = NewKey();
        var created = await Store.CreateAsync(Main, pk, "a", new Thing("v1"), null, Ct);
        await Store.ReplaceAsync(Main, pk, "a", new Thing("v2"), created.ETag, null, Ct);

        await Assert.ThrowsAsync<DocumentPreconditionFailedException>(() => Store.DeleteAsync(Main, pk, "a", created.ETag, Ct));

        Assert.NotNull(await Store.ReadAsync<Thing>(Main, pk, "a", Ct));
    }

    [Fact]
    public async Task ConcurrentReplacesWithTheSameETagLetExactlyOneWin()
    {
        var pk = NewKey();
        var created = await Store.CreateAsync(Main, pk, "a", new Thing("v0"), null, Ct);

        var attempts = Enumerable.Range(1, 8).Select(async i =>
        {
            try
            {
                await Store.ReplaceAsync(Main, pk, "a", new Thing($"v{i}"), created.ETag, null, Ct);
                return $"v{i}";
            }
            catch (DocumentPreconditionFailedException)
            {
                return null;
            }
        });
        var winners = (await Task.WhenAll(attempts)).OfType<string>().ToList();

        var winner = Assert.Single(winners);
        Assert.Equal(winner, (await Store.ReadAsync<Thing>(Main, pk, "a", Ct))!.Body.Name);
    }

    [Fact]
    public async Task UnicodeInBodiesIdsAndPartitionKeysRoundTrips()
    {
        var pk = $"pk-ñ-日本-{NewKey()}";
        const string id = "id-çé-🪨-Ω";
        var name = "Zoë's cairn: 石塚 🪨 \"quoted\" \\ back\\slash \u2028 line sep \t tab";

        await Store.CreateAsync(Main, pk, id, new Thing(name, Tags: ["emoji 😀", "ελληνικά"]), null, Ct);

        var read = await Store.ReadAsync<Thing>(Main, pk, id, Ct);
        Assert.Equal(name, read!.Body.Name);
        Assert.Equal(["emoji 😀", "ελληνικά"], read.Body.Tags!);
        var page = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKey = pk }, Ct);
        Assert.Equal(id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task IdsWithCharactersReservedByCosmosRoundTrip()
    {
        var pk = NewKey();
        string[] ids = ["a/b", "c\\d", "e?f", "g#h", "100%", "%2F", "~7E", "a b+c", "register:2001:db8::1"];
        foreach (var id in ids)
        {
            await Store.CreateAsync(Main, pk, id, new Thing(id), null, Ct);
        }

        foreach (var id in ids)
        {
            Assert.True((await Store.ReadAsync<Thing>(Main, pk, id, Ct))?.Body.Name == id, $"'{id}' did not read back.");
        }
        var page = await Store.QueryAsync<Thing>(new DocumentQuery(Main) { PartitionKey = pk }, Ct);
        Assert.Equal(ids.Order(StringComparer.Ordinal), page.Items.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.True(await Store.DeleteAsync(Main, pk, "a/b", null, Ct));
    }

    [Fact]
    public async Task ALargeBodyOfAboutOneMegabyteRoundTrips()
    {
        var pk = NewKey();
        var text = new StringBuilder(1_000_000);
        while (text.Length < 1_000_000)
        {
            text.Append("The next agent should not start from zero. ");
        }
        var body = new Thing(text.ToString());

        await Store.CreateAsync(Main, pk, "big", body, null, Ct);

        Assert.Equal(body.Name, (await Store.ReadAsync<Thing>(Main, pk, "big", Ct))!.Body.Name);
    }

    [Fact]
    public async Task TheSameIdInAnotherContainerOrPartitionIsADifferentDocument()
    {
        var (pk1, pk2) = (NewKey(), NewKey());
        await Store.CreateAsync(Main, pk1, "same", new Thing("main-1"), null, Ct);
        await Store.CreateAsync(Main, pk2, "same", new Thing("main-2"), null, Ct);
        await Store.CreateAsync(Other, pk1, "same", new Thing("other-1"), null, Ct);

        await Store.DeleteAsync(Main, pk2, "same", null, Ct);

        Assert.Equal("main-1", (await Store.ReadAsync<Thing>(Main, pk1, "same", Ct))!.Body.Name);
        Assert.Equal("other-1", (await Store.ReadAsync<Thing>(Other, pk1, "same", Ct))!.Body.Name);
        Assert.Null(await Store.ReadAsync<Thing>(Main, pk2, "same", Ct));
        Assert.Null(await Store.ReadAsync<Thing>(Other, pk2, "same", Ct));
    }
}
