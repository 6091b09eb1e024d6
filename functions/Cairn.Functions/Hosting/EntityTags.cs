using Cairn.Errors;

namespace Cairn.Hosting;

// ETags on the HTTP side: a GET of a mutable resource sends the stored document's ETag, and a PATCH or PUT with
// If-Match changes it only while it still has that version (else 412 precondition_failed).
public static class EntityTags
{
    public static void Set(HttpResponse response, string etag) => response.Headers.ETag = $"\"{Bare(etag)}\"";

    // The versions If-Match names; null when absent or * (any current version will do).
    public static IReadOnlyList<string>? IfMatch(HttpRequest request)
    {
        var tags = request.Headers.IfMatch.SelectMany(h => (h ?? "").Split(',')).Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        return tags.Count == 0 || tags.Contains("*") ? null : tags.Select(Bare).ToList();
    }

    // Refuses the change when If-Match named versions and current is none of them.
    public static void Require(IReadOnlyList<string>? ifMatch, string current, string what)
    {
        if (ifMatch is not null && !ifMatch.Contains(Bare(current), StringComparer.Ordinal))
        {
            throw new StaleVersionException($"{what} changed since the ETag you sent in If-Match; GET it again and reapply your change.");
        }
    }

    // Weak and strong forms name the same version here; Cosmos DB's own ETags arrive already quoted.
    private static string Bare(string tag) => (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag).Trim('"');
}
