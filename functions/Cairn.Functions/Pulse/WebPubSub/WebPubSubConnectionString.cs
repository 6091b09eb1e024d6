using System.Diagnostics.CodeAnalysis;

namespace Cairn.Pulse.WebPubSub;

// Endpoint=https://<name>.webpubsub.azure.com;AccessKey=<key>;Version=1.0; (and optionally Port=), read as the service
// SDKs read it: keys case-insensitive, values trimmed, the endpoint without a trailing slash.
public sealed record WebPubSubConnectionString(Uri Endpoint, string AccessKey)
{
    // HS256 in IdentityModel needs a key of at least 256 bits; real access keys are 44 characters.
    public const int MinimumKeyLength = 32;

    public static bool TryParse(string text, [NotNullWhen(true)] out WebPubSubConnectionString? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2)
            {
                error = $"'{pair[0]}' is not a Key=Value pair.";
                return false;
            }
            if (!properties.TryAdd(pair[0], pair[1]))
            {
                error = $"{pair[0]} appears twice.";
                return false;
            }
        }
        if (!properties.TryGetValue("Endpoint", out var endpoint) || !IsServiceEndpoint(endpoint))
        {
            error = "Endpoint= must be an absolute http(s) URL such as https://<name>.webpubsub.azure.com.";
            return false;
        }
        if (!properties.TryGetValue("AccessKey", out var key) || key.Length < MinimumKeyLength)
        {
            error = $"AccessKey= is required and at least {MinimumKeyLength} characters (copy the connection string from the portal's Keys page).";
            return false;
        }
        var builder = new UriBuilder(endpoint.TrimEnd('/'));
        if (properties.TryGetValue("Port", out var port))
        {
            if (!int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                error = $"Port={port} is not a TCP port.";
                return false;
            }
            builder.Port = number;
        }
        parsed = new WebPubSubConnectionString(builder.Uri, key);
        error = null;
        return true;
    }

    public static bool IsServiceEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.AbsolutePath == "/" && uri.Query.Length == 0;

    // Never print the key.
    public override string ToString() => $"Endpoint={Endpoint}";
}
