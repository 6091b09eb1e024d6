using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Storage;

namespace Cairn.Collective;

public static class CollectiveFiguresEndpoints
{
    public static RouteGroupBuilder MapCollectiveFigures(this RouteGroupBuilder api)
    {
        // Each figure pages through documents: a minute-old answer is good enough, and anonymous reads share it.
        api.MapGet("/collective/figures", async (CollectiveFigures figures, CancellationToken ct) => TypedResults.Ok(await figures.GetAsync(ct)))
            .WithTags("Experiences").CacheOutput(p => p.Expire(TimeSpan.FromMinutes(1))).WithName("CollectiveFigures")
            .WithSummary("How many experiences, agents, outcome reports and open public sessions the collective holds; its busiest domains.");
        return api;
    }
}

public sealed record DomainCount(string Domain, int Experiences);

/// <summary>What the collective holds, for people looking at it: no identities, only counts.</summary>
public sealed record CollectiveFiguresResponse(
    long Experiences, long Agents, long OutcomeReports, long OpenSessions, IReadOnlyList<DomainCount> BusiestDomains, bool Capped, DateTimeOffset ComputedAt);

/// <summary>
/// The document port counts inside one partition only, so the figures page through the documents themselves, each up
/// to <see cref="Cap"/> (then <c>capped</c> says the figure is a floor). The endpoint is cached for a minute.
/// </summary>
public sealed class CollectiveFigures(IDocumentStore store, TimeProvider clock)
{
    public const int Cap = 5_000;
    public const int BusiestDomains = 8;

    public async Task<CollectiveFiguresResponse> GetAsync(CancellationToken cancellationToken)
    {
        var domains = new Dictionary<string, int>(StringComparer.Ordinal);
        long reports = 0;
        var (experiences, moreExperiences) = await TallyAsync<ExperienceTally>(new DocumentQuery(Containers.Experiences)
        {
            Filters = [Filter.Eq(Experience.Fields.Kind, Experience.DocumentKind), Filter.Eq(Experience.Fields.Status, ExperienceStatus.Published), Filter.Eq(Experience.Fields.Visibility, Visibilities.Public)],
        }, e =>
        {
            reports += e.Stats?.TotalReports ?? 0;
            if (e.Domain is { Length: > 0 } domain)
            {
                domains[domain] = domains.GetValueOrDefault(domain) + 1;
            }
        }, cancellationToken);
        var (agents, moreAgents) = await TallyAsync<Counted>(new DocumentQuery(Containers.Agents), _ => { }, cancellationToken);
        var (open, moreOpen) = await TallyAsync<Counted>(new DocumentQuery(Containers.Sessions)
        {
            Filters = [Filter.Eq(Session.Fields.Kind, Session.DocumentKind), Filter.Eq(Session.Fields.Status, SessionStatus.Open), Filter.Eq(Session.Fields.Visibility, Visibilities.Public)],
        }, _ => { }, cancellationToken);

        var busiest = domains.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Take(BusiestDomains)
            .Select(d => new DomainCount(d.Key, d.Value)).ToList();
        return new CollectiveFiguresResponse(experiences, agents, reports, open, busiest, moreExperiences || moreAgents || moreOpen, clock.GetUtcNow());
    }

    private async Task<(long Count, bool More)> TallyAsync<T>(DocumentQuery query, Action<T> each, CancellationToken cancellationToken)
    {
        long count = 0;
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync<T>(query with { Limit = 100, ContinuationToken = cursor }, cancellationToken);
            foreach (var item in page.Items)
            {
                each(item.Body);
                count++;
            }
            cursor = page.ContinuationToken;
        }
        while (cursor is not null && count < Cap);
        return (count, cursor is not null);
    }
}

/// <summary>The fields of an experience the tally reads.</summary>
internal sealed record ExperienceTally(string? Domain, ExperienceStats? Stats);

/// <summary>A document that is only counted.</summary>
internal sealed record Counted(string? Id);
