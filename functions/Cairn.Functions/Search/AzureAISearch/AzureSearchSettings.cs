using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Cairn.Search.AzureAISearch;

// Start-up checks of the settings the Azure AI Search adapter needs, each naming the setting to fix.
public static partial class AzureSearchSettings
{
    private const string Prefix = SearchOptions.Section + ":";

    public static IEnumerable<ValidationResult> Validate(SearchOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            yield return Failure($"{Prefix}Endpoint is required when {Prefix}Provider is AzureAISearch (e.g. https://<service>.search.windows.net).", nameof(options.Endpoint));
        }
        // The SDK refuses anything but https: a key or token must never travel in clear text.
        else if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            yield return Failure($"{Prefix}Endpoint '{options.Endpoint}' is not an absolute https URL such as https://<service>.search.windows.net.", nameof(options.Endpoint));
        }
        if (!IndexNameRule().IsMatch(options.IndexName ?? "") || options.IndexName!.Contains("--", StringComparison.Ordinal) || options.IndexName.Contains("__", StringComparison.Ordinal))
        {
            yield return Failure(
                $"{Prefix}IndexName '{options.IndexName}' is not a valid Azure AI Search index name: 2 to 128 lower-case letters, digits, '-' or '_', " +
                "starting with a letter or digit, with no '--' or '__'.", nameof(options.IndexName));
        }
        if (options.ApiKey is { } key && key.Length > 0 && string.IsNullOrWhiteSpace(key))
        {
            yield return Failure($"{Prefix}ApiKey is blank; set the admin key, or leave it empty to use the app's managed identity.", nameof(options.ApiKey));
        }
    }

    private static ValidationResult Failure(string message, string member) => new(message, [member]);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,127}$")]
    private static partial Regex IndexNameRule();
}
