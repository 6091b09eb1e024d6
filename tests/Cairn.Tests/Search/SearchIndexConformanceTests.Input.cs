using Cairn.Search;

namespace Cairn.Tests.Search;

// Input the port refuses (with the limit it broke) or tolerates, before anything is written.
public abstract partial class SearchIndexConformanceTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(SearchFields.MaxLimit + 1)]
    public async Task ALimitOutOfRangeIsRefused(int limit)
    {
        var exception = await Assert.ThrowsAsync<InvalidSearchInputException>(() => Index.SearchAsync(new SearchQuery("anything") { Limit = limit }, None));

        Assert.Contains($"between 1 and {SearchFields.MaxLimit}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StrayControlAndSurrogateCharactersAreTolerated()
    {
        await UpsertAsync(Doc("odd", "null\0byte and a lone \uD800 surrogate"));

        var hits = await SearchAsync(Mode.Hybrid, "byte \uDC00 surrogate");

        Assert.Equal(["odd"], hits.Select(h => h.Id));
    }

    [Fact]
    public async Task AnOverLongQueryIsRefusedWithTheLimit()
    {
        var text = new string('a', SearchFields.MaxQueryLength + 1);

        var exception = await Assert.ThrowsAsync<InvalidSearchInputException>(() => Index.SearchAsync(new SearchQuery(text), None));

        Assert.Contains($"{SearchFields.MaxQueryLength + 1} characters long; the limit is {SearchFields.MaxQueryLength}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverLongDocumentIsRefusedWithTheLimit()
    {
        var document = Doc("big", "title") with { Content = new string('x', SearchFields.MaxDocumentTextLength) };

        var exception = await Assert.ThrowsAsync<InvalidSearchInputException>(() => Index.UpsertAsync([document], None));

        Assert.Contains($"the limit is {SearchFields.MaxDocumentTextLength}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVectorOfTheWrongSizeIsRefused()
    {
        var exception = await Assert.ThrowsAsync<InvalidSearchInputException>(() =>
            Index.SearchAsync(new SearchQuery("x") { Vector = new float[HashingEmbedder.Dimensions + 1] }, None));

        Assert.Contains($"{HashingEmbedder.Dimensions + 1} dimensions", exception.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidSearchInputException>(() => Index.UpsertAsync([Doc("v", "x") with { Vector = new float[3] }], None));
    }

    [Fact]
    public async Task ABatchIsWrittenWholeOrNotAtAll()
    {
        var tooLong = Doc("bad", "x") with { Content = new string('x', SearchFields.MaxDocumentTextLength + 1) };

        await Assert.ThrowsAsync<InvalidSearchInputException>(() => Index.UpsertAsync([Doc("good", "grafana alert rule"), tooLong], None));

        Assert.Empty(await SearchAsync(Mode.Keyword, "grafana alert"));
    }
}
