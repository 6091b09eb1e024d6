using Azure;
using Azure.Search.Documents.Models;
using Cairn.Search;
using Cairn.Search.AzureAISearch;
using Cairn.Storage;

namespace Cairn.Tests.Search.AzureAISearch;

[Trait("Storage", "None")]
public sealed class AzureSearchErrorsTests
{
    [Fact]
    public void ARefusedRequestIsInvalidInputWithTheServicesMessage()
    {
        var failure = new RequestFailedException(400, "Invalid expression: Syntax error at position 7.\nStatus: 400 (Bad Request)\n\nHeaders: …");

        var translated = Assert.IsType<InvalidSearchInputException>(AzureSearchErrors.Translate(failure, "cairn"));

        Assert.Equal("Azure AI Search refused the request: Invalid expression: Syntax error at position 7.", translated.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void ThrottlingAndOutagesAreTransient(int status) =>
        Assert.IsType<StorageUnavailableException>(AzureSearchErrors.Translate(new RequestFailedException(status, "busy"), "cairn"));

    [Fact]
    public void FailedRetriesOfAnUnreachableServiceAreTransient()
    {
        var retries = new AggregateException("Retry failed after 4 tries.", new RequestFailedException("Connection refused"), new HttpRequestException("Connection refused"));

        Assert.IsType<StorageUnavailableException>(AzureSearchErrors.Translate(retries, "cairn"));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public void MissingPermissionsNameTheRoles(int status)
    {
        var translated = AzureSearchErrors.Translate(new RequestFailedException(status, "Forbidden"), "cairn");

        Assert.Contains("Search Index Data Contributor", Assert.IsType<InvalidOperationException>(translated).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingIndexIsNamed() =>
        Assert.Contains("index 'cairn-prod' does not exist", AzureSearchErrors.Translate(new RequestFailedException(404, "Not found"), "cairn-prod")!.Message, StringComparison.Ordinal);

    [Fact]
    public void AnythingElsePropagatesUnchanged()
    {
        Assert.Null(AzureSearchErrors.Translate(new RequestFailedException(500, "boom"), "cairn"));
        Assert.Null(AzureSearchErrors.Translate(new InvalidOperationException("ours"), "cairn"));
    }

    [Fact]
    public void ABatchThatFullySucceededPasses() =>
        AzureSearchErrors.ThrowOnFailures(SearchModelFactory.IndexDocumentsResult([SearchModelFactory.IndexingResult(AzureSearchKeys.Encode("a"), null, true, 201)]));

    [Fact]
    public void ARefusedDocumentIsReportedByItsId()
    {
        var result = SearchModelFactory.IndexDocumentsResult(
        [
            SearchModelFactory.IndexingResult(AzureSearchKeys.Encode("ok"), null, true, 200),
            SearchModelFactory.IndexingResult(AzureSearchKeys.Encode("experience:bad"), "The field 'quality' is not a number.", false, 400),
        ]);

        var exception = Assert.Throws<InvalidSearchInputException>(() => AzureSearchErrors.ThrowOnFailures(result));

        Assert.Contains("'experience:bad': The field 'quality' is not a number. (400)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrottledDocumentsAreTransient()
    {
        var result = SearchModelFactory.IndexDocumentsResult([SearchModelFactory.IndexingResult(AzureSearchKeys.Encode("a"), "Throttled", false, 503)]);

        Assert.Throws<StorageUnavailableException>(() => AzureSearchErrors.ThrowOnFailures(result));
    }
}
