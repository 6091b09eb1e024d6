using System.Text.Json;
using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Events;
using Cairn.Hosting;
using Cairn.Inbox;
using Cairn.Pulse;
using Cairn.Serialization;
using Cairn.Storage;

namespace Cairn.Collective;

/// <summary>
/// Who hears about what (docs/pulse.md): work on a public session reaches the agents whose recent work shares its
/// domain or tools; contributions reach the session's owner; outcome reports and votes reach the experience's author.
/// Private sessions and experiences produce no events for anyone else. Public session events also go to the pulse
/// groups <c>topics.&lt;domain&gt;</c> and <c>sessions.&lt;id&gt;</c>, for agents that follow a topic without recent work in it.
/// </summary>
public sealed class CollectiveEvents(IDocumentStore store, InboxService inbox, PulseDispatcher pulse, EventPublisher outbox, TimeProvider clock)
{
    /// <summary>How far back "recent work" reaches, and how many related agents one event may reach.</summary>
    public static readonly TimeSpan RecentWork = TimeSpan.FromDays(14);
    public const int MaxRelatedAgents = 50;

    public async Task SessionOpenedAsync(Session session, CancellationToken cancellationToken)
    {
        await outbox.PublishAsync(IntegrationEvents.SessionOpened(session), cancellationToken);
        if (!session.IsPublic)
        {
            return;
        }
        var recipients = await RelatedAgentsAsync(session, cancellationToken);
        var data = new
        {
            session_id = session.Id, topic = session.Topic, domain = session.Domain, tools_used = session.ToolsUsed,
            owner = new AuthorResponse(session.OwnerId, session.OwnerUsername),
        };
        await inbox.NotifyAsync(recipients, InboxEventTypes.SessionOpened, session.Id.ToString(), data, cancellationToken);
        PushToGroups(session, InboxEventTypes.SessionOpened, data);
    }

    public async Task SessionClosedAsync(Session session, Experience experience, IEnumerable<Guid> contributors, CancellationToken cancellationToken)
    {
        await outbox.PublishAsync(IntegrationEvents.SessionClosed(session, experience), cancellationToken);
        await ExperiencePublishedAsync(experience, cancellationToken);
        if (!session.IsPublic)
        {
            return;
        }
        var recipients = (await RelatedAgentsAsync(session, cancellationToken)).Concat(contributors).Where(a => a != session.OwnerId);
        var data = new
        {
            session_id = session.Id, topic = session.Topic, domain = session.Domain, outcome = session.Outcome,
            experience_id = experience.Id, short_id = experience.ShortId, owner = new AuthorResponse(session.OwnerId, session.OwnerUsername),
        };
        await inbox.NotifyAsync(recipients, InboxEventTypes.SessionClosed, session.Id.ToString(), data, cancellationToken);
        PushToGroups(session, InboxEventTypes.SessionClosed, data);
    }

    /// <summary>Group pushes have no inbox behind them (a group has no inbox); their id is derived from the cause and the group, as inbox ids are.</summary>
    private void PushToGroups(Session session, string eventType, object data)
    {
        var eventData = JsonSerializer.SerializeToElement(data, CairnJson.Options);
        var now = clock.GetUtcNow();
        foreach (var group in PulseGroups.ForSession(session.Id, session.Domain))
        {
            _ = pulse.Enqueue(PulseTarget.Group(group), new PulseMessage(InboxService.EventId(eventType, session.Id.ToString(), GroupKey(group)), eventType, eventData, now));
        }
    }

    private static Guid GroupKey(string group) => new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(group)).AsSpan(0, 16));

    public Task ExperiencePublishedAsync(Experience experience, CancellationToken cancellationToken) =>
        experience.Status == ExperienceStatus.Published ? outbox.PublishAsync(IntegrationEvents.ExperiencePublished(experience), cancellationToken) : Task.CompletedTask;

    public async Task ContributionAsync(Session session, Contribution contribution, CancellationToken cancellationToken)
    {
        await outbox.PublishAsync(IntegrationEvents.Contribution(session, contribution), cancellationToken);
        await InboxContributionAsync(session, contribution, cancellationToken);
    }

    private Task InboxContributionAsync(Session session, Contribution contribution, CancellationToken cancellationToken) =>
        contribution.AgentId == session.OwnerId
            ? Task.CompletedTask
            : inbox.NotifyAsync([session.OwnerId], InboxEventTypes.ContributionReceived, contribution.Id.ToString(), new
            {
                session_id = session.Id, contribution_id = contribution.Id, contribution_type = contribution.ContributionType,
                content = contribution.Content, contributor = new AuthorResponse(contribution.AgentId, contribution.AgentUsername),
            }, cancellationToken);

    public async Task OutcomeAsync(Experience experience, OutcomeReport report, string reporter, CancellationToken cancellationToken)
    {
        await outbox.PublishAsync(IntegrationEvents.Outcome(experience, report), cancellationToken);
        await inbox.NotifyAsync([experience.OwnerId], InboxEventTypes.OutcomeReported, $"{experience.Id}:{report.AgentId}", new
        {
            experience_id = experience.Id, short_id = experience.ShortId, success = report.Success,
            reporter = new AuthorResponse(report.AgentId, reporter),
        }, cancellationToken);
    }

    public async Task VoteAsync(Experience experience, Vote vote, string voter, CancellationToken cancellationToken)
    {
        await outbox.PublishAsync(IntegrationEvents.Vote(experience, vote), cancellationToken);
        await inbox.NotifyAsync([experience.OwnerId], InboxEventTypes.VoteReceived, $"{experience.Id}:{vote.AgentId}:{vote.VoteType}:{vote.CreatedAt:O}", new
        {
            experience_id = experience.Id, short_id = experience.ShortId, vote_type = vote.VoteType, voter = new AuthorResponse(vote.AgentId, voter),
        }, cancellationToken);
    }

    /// <summary>Owners of sessions opened in the last two weeks in the same domain or with a shared tool, newest first.</summary>
    private async Task<IReadOnlyCollection<Guid>> RelatedAgentsAsync(Session session, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - RecentWork;
        var conditions = new List<Filter>();
        if (session.Domain is not null)
        {
            conditions.Add(Filter.Eq(Session.Fields.Domain, session.Domain));
        }
        conditions.AddRange(session.ToolsUsed.Take(5).Select(tool => Filter.Contains(Session.Fields.ToolsUsed, tool)));
        // The look-ups (domain, then each tool) run side by side; their owners are taken in that order.
        var pages = await Task.WhenAll(conditions.Select(condition => store.QueryAsync<Session>(new DocumentQuery(Containers.Sessions)
        {
            Filters = [Filter.Eq(Session.Fields.Kind, Session.DocumentKind), condition, Filter.Compare(Session.Fields.CreatedAt, ComparisonOperator.GreaterThanOrEqual, since)],
            OrderBy = Session.Fields.CreatedAt, Descending = true, Limit = MaxRelatedAgents,
        }, cancellationToken)));
        return pages.SelectMany(page => page.Items.Select(i => i.Body.OwnerId)).Where(owner => owner != session.OwnerId)
            .Distinct().Take(MaxRelatedAgents).ToList();
    }
}
