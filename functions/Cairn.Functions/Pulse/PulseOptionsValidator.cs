using System.Text.RegularExpressions;
using Cairn.Pulse.WebPubSub;
using Microsoft.Extensions.Options;

namespace Cairn.Pulse;

// Checks at start-up that the chosen provider has what it needs, naming the setting to fix.
public sealed partial class PulseOptionsValidator : IValidateOptions<PulseOptions>
{
    private const string Prefix = PulseOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, PulseOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            errors.Add($"{Prefix}Provider must be Local or AzureWebPubSub.");
        }
        if (!HubName().IsMatch(options.Hub ?? ""))
        {
            errors.Add($"{Prefix}Hub must start with a letter and hold at most 128 letters, digits or '_' (got '{options.Hub}').");
        }
        if (options.Provider == PulseProvider.AzureWebPubSub)
        {
            errors.AddRange(ValidateWebPubSub(options));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> ValidateWebPubSub(PulseOptions options)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasEndpoint = !string.IsNullOrWhiteSpace(options.Endpoint);
        if (hasConnectionString == hasEndpoint)
        {
            yield return $"{Prefix}Provider is AzureWebPubSub: set exactly one of {Prefix}ConnectionString " +
                $"(Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0;) or {Prefix}Endpoint (with the app's managed identity).";
        }
        else if (hasConnectionString && !WebPubSubConnectionString.TryParse(options.ConnectionString!, out _, out var error))
        {
            yield return $"{Prefix}ConnectionString: {error}";
        }
        else if (hasEndpoint && !WebPubSubConnectionString.IsServiceEndpoint(options.Endpoint!))
        {
            yield return $"{Prefix}Endpoint must be an absolute http(s) URL such as https://<name>.webpubsub.azure.com (got '{options.Endpoint}').";
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    private static partial Regex HubName();
}
