using Cairn.Events;
using Cairn.Storage;

namespace Cairn.Engrams;

/// <summary>
/// Engram happenings for integrations. Only engrams every agent may recall (shareable, in a scope that reaches
/// everyone) reach others' webhooks; personal and workspace-scoped ones reach their owner's only (webhooks do not
/// check workspace membership).
/// </summary>
public sealed class EngramEvents(EventPublisher outbox)
{
    /// <summary>Publishes the promotion that made this engram active; the transition's time is the cause, so a repeat is one event.</summary>
    public Task PromotedAsync(Document<StoredEngram> written, CancellationToken cancellationToken)
    {
        var e = written.Body;
        if (e.Status != "active" || e.Transitions.LastOrDefault() is not { To: "active" } promotion)
        {
            return Task.CompletedTask;
        }
        var audience = e.View.Shareable && Scopes.Reach(e.Scope) == ScopeReach.Everyone ? EventAudience.Everyone : EventAudience.Owner(e.OwnerId);
        return outbox.PublishAsync(new CairnEvent(CairnEventTypes.EngramPromoted, $"{e.DocumentIdentity}:{promotion.At:O}", $"engrams/{e.EngramId}", new
        {
            engram_id = e.EngramId, scope = e.Scope, statement = e.View.Statement, domain = e.View.Domain, tags = e.View.Tags,
            from_status = promotion.From, reason = promotion.Reason, owner = e.Owner, promoted_at = promotion.At,
        }, audience, new EventFacets(Domain: e.View.Domain, Scope: e.Scope)), cancellationToken);
    }
}
