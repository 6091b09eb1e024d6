using System.ComponentModel.DataAnnotations;

namespace Cairn.Search.Cosmos;

// Start-up checks of the settings the Cosmos DB search adapter needs, each naming the setting to fix.
public static class CosmosSearchSettings
{
    private const string Prefix = SearchOptions.Section + ":";

    public static IEnumerable<ValidationResult> Validate(SearchOptions options)
    {
        var name = options.CosmosContainer ?? "";
        if (name.Length is 0 or > 255 || name.AsSpan().IndexOfAny("/\\?#") >= 0 || name.Trim().Length != name.Length)
        {
            yield return new ValidationResult(
                $"{Prefix}CosmosContainer '{name}' is not a valid Cosmos DB container name: 1 to 255 characters, none of '/', '\\', '?', '#', no leading or trailing space.",
                [nameof(options.CosmosContainer)]);
        }
    }
}
