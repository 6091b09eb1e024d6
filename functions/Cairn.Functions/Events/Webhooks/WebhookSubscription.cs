using Cairn.Storage;

namespace Cairn.Events.Webhooks;

/// <summary>
/// One agent's webhook, stored in the agent's partition. Signing needs the secret itself, so a hash would not do: it is
/// stored sealed (<see cref="WebhookSecrets"/>) and shown to the owner once, at creation (and on rotation). Rows from
/// before sealing hold the plain <c>Secret</c> instead, until their next rotation.
/// </summary>
public sealed record WebhookSubscription(
    Guid Id,
    Guid OwnerId,
    string Url,
    string? Description,
    IReadOnlyList<string> Types,
    WebhookFilters Filters,
    string? Secret,
    SealedSecret? SealedSecret,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? FailingSince,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const string DocumentKind = "subscription";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string Enabled = "enabled";
        public const string Types = "types";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }

    public string Kind { get; } = DocumentKind;

    public bool Matches(CairnEvent e) =>
        Enabled && Types.Contains(e.Type, StringComparer.Ordinal) && e.Audience.Includes(OwnerId) && Filters.Match(e.Facets);
}

/// <summary>Each filter given must match; within <c>tools</c>, any one tool does.</summary>
public sealed record WebhookFilters(string? Domain = null, IReadOnlyList<string>? Tools = null, Guid? ExperienceId = null, string? Scope = null)
{
    public bool Match(EventFacets facets) =>
        (Domain is null || string.Equals(Domain, facets.Domain, StringComparison.OrdinalIgnoreCase))
        && (Tools is not { Count: > 0 } || (facets.Tools?.Any(t => Tools.Contains(t, StringComparer.OrdinalIgnoreCase)) ?? false))
        && (ExperienceId is null || ExperienceId == facets.ExperienceId)
        && (Scope is null || ScopeMatches(Scope, facets.Scope));

    /// <summary>A scope filter names the scope or an ancestor of it (<c>project:cairn</c> matches <c>project:cairn/api</c>).</summary>
    private static bool ScopeMatches(string filter, string? scope) =>
        scope is not null && (scope == filter || scope.StartsWith(filter + "/", StringComparison.Ordinal) || scope.StartsWith(filter + ":", StringComparison.Ordinal));
}

public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Types, WebhookFilters? Filters, string? Description);

public sealed record UpdateWebhookRequest(string? Url, IReadOnlyList<string>? Types, WebhookFilters? Filters, string? Description, bool? Enabled);

public sealed record WebhookResponse(
    Guid Id, string Url, string? Description, IReadOnlyList<string> Types, WebhookFilters Filters, bool Enabled, string? DisabledReason,
    DateTimeOffset? FailingSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookResponse From(WebhookSubscription s) =>
        new(s.Id, s.Url, s.Description, s.Types, s.Filters, s.Enabled, s.DisabledReason, s.FailingSince, s.CreatedAt, s.UpdatedAt);
}

/// <summary>The answer to a create or a secret rotation: the only time the secret is shown.</summary>
public sealed record WebhookWithSecretResponse(WebhookResponse Webhook, string Secret, string Message);

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Webhooks);
