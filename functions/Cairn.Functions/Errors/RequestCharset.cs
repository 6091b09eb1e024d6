using Microsoft.Net.Http.Headers;

namespace Cairn.Errors;

// Request bodies are UTF-8 (RFC 8259 §8.1 for JSON). The framework decodes any charset .NET knows, which let a UTF-16
// body carry a NUL past the UTF-8 character check, and throws (500) on one it does not know or on a quoted "utf-8".
internal static class RequestCharset
{
    public const string Rule = "must declare charset=utf-8 or no charset: request bodies are UTF-8.";

    // Leaves the request as it is, rewrites a quoted "utf-8" to its plain form, or throws 415 for any other charset.
    public static void Require(HttpRequest request)
    {
        if (request.ContentType is not { } contentType
            || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || mediaType.Charset.Length == 0 && !HasCharsetParameter(mediaType))
        {
            return;
        }
        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"Content-Type: {Rule} Got charset '{charset}'.", new Dictionary<string, string[]> { ["Content-Type"] = [Rule] });
        }
        if (mediaType.Charset != charset)
        {
            mediaType.Charset = "utf-8";
            request.ContentType = mediaType.ToString();
        }
    }

    private static bool HasCharsetParameter(MediaTypeHeaderValue mediaType) =>
        mediaType.Parameters.Any(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));
}
