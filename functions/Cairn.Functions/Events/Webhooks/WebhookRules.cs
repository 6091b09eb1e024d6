using Cairn.Errors;

namespace Cairn.Events.Webhooks;

/// <summary>What a subscription request must satisfy; everything is checked before anything is written.</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 500;
    public const int MaxTools = 10;
    public const int MaxFilterLength = 200;

    public static void CheckFields(Validator v, string? url, IReadOnlyList<string>? types, WebhookFilters? filters, string? description, bool creating)
    {
        if (creating)
        {
            v.Required("url", url);
            if (types is null)
            {
                v.Add("types", $"is required: the event types to receive ({string.Join(", ", CairnEventTypes.All)}).");
            }
        }
        v.Length("url", url, 1, MaxUrlLength).Length("description", description, 0, MaxDescriptionLength);
        if (types is not null)
        {
            if (types.Count == 0)
            {
                v.Add("types", "must name at least one event type.");
            }
            foreach (var type in types.Where(t => !CairnEventTypes.All.Contains(t)))
            {
                v.Add("types", $"'{type}' is not an event type; use one of: {string.Join(", ", CairnEventTypes.All)}.");
            }
        }
        if (filters is not null)
        {
            v.Length("filters.domain", filters.Domain, 1, MaxFilterLength).Length("filters.scope", filters.Scope, 1, MaxFilterLength)
                .Label("filters.domain", filters.Domain?.Trim()).Label("filters.scope", filters.Scope);
            if (filters.Tools is { } tools && (tools.Count > MaxTools || tools.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxFilterLength || !LabelText.IsClean(t.Trim()))))
            {
                v.Add("filters.tools", $"must hold at most {MaxTools} non-empty tool names of at most {MaxFilterLength} characters, each {LabelText.Rule}");
            }
        }
    }

    /// <summary>The URL's scheme and shape (422 validation_failed), then where it resolves (422 url_not_allowed).</summary>
    public static async Task CheckUrlAsync(string url, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        if (await NetworkGuard.CheckUrlAsync(url, allowPrivateNetworks, cancellationToken) is { } rule)
        {
            var code = rule.StartsWith("must", StringComparison.Ordinal) ? "validation_failed" : "url_not_allowed";
            throw new ValidationFailedException(code, $"url: {rule}", new Dictionary<string, string[]> { ["url"] = [rule] });
        }
    }

    /// <summary>A Standard Webhooks secret: <c>whsec_</c> and the base64 of 32 random bytes (the HMAC key is those bytes).</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
