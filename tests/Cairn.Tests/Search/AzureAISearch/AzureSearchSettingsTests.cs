using System.ComponentModel.DataAnnotations;
using Cairn.Search;

namespace Cairn.Tests.Search.AzureAISearch;

[Trait("Storage", "None")]
public sealed class AzureSearchSettingsTests
{
    [Fact]
    public void PostgresNeedsNoAzureSettings() => Assert.Empty(Errors(new SearchOptions { Provider = SearchProvider.Postgres, IndexName = "Not Valid" }));

    [Fact]
    public void AzureNeedsAnEndpoint() =>
        Assert.Equal(
            ["Cairn:Search:Endpoint is required when Cairn:Search:Provider is AzureAISearch (e.g. https://<service>.search.windows.net)."],
            Errors(new SearchOptions { Provider = SearchProvider.AzureAISearch }));

    [Theory]
    [InlineData("cairn.search.windows.net")]
    [InlineData("http://cairn.search.windows.net")]
    public void TheEndpointMustBeAnHttpsUrl(string endpoint) =>
        Assert.Contains("is not an absolute https URL", Assert.Single(Errors(Azure(endpoint))), StringComparison.Ordinal);

    [Theory]
    [InlineData("Cairn")]
    [InlineData("c")]
    [InlineData("-cairn")]
    [InlineData("cairn--prod")]
    [InlineData("cairn__prod")]
    [InlineData("cairn prod")]
    [InlineData("")]
    public void AnInvalidIndexNameIsNamed(string name) =>
        Assert.Contains($"IndexName '{name}' is not a valid Azure AI Search index name", Assert.Single(Errors(Azure() with { IndexName = name })), StringComparison.Ordinal);

    [Theory]
    [InlineData("cairn")]
    [InlineData("cairn-test-0123456789abcdef")]
    [InlineData("9_lives")]
    public void ValidSettingsPass(string name) => Assert.Empty(Errors(Azure() with { IndexName = name }));

    [Fact]
    public void ABlankKeyIsRefusedButAnEmptyOneMeansManagedIdentity()
    {
        Assert.Empty(Errors(Azure() with { ApiKey = "" }));
        Assert.Contains("ApiKey is blank", Assert.Single(Errors(Azure() with { ApiKey = "  " })), StringComparison.Ordinal);
    }

    private static Settings Azure(string endpoint = "https://cairn.search.windows.net") => new(endpoint, null, "cairn");

    private static List<string> Errors(Settings settings) =>
        Errors(new SearchOptions { Provider = SearchProvider.AzureAISearch, Endpoint = settings.Endpoint, ApiKey = settings.ApiKey, IndexName = settings.IndexName });

    private static List<string> Errors(SearchOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    private sealed record Settings(string Endpoint, string? ApiKey, string IndexName);
}
