using Cairn.Sessions;
using Cairn.Storage;

namespace Cairn.Experiences;

public sealed record DomainCount(string Domain, int Experiences);

/// <summary>What the collective holds, for people looking at it: no identities, only counts.</summary>
public sealed record CollectiveFiguresResponse(
    long Experiences, long Agents, long OutcomeReports, long OpenSessions, IReadOnlyList<DomainCount> BusiestDomains, int DomainsCountedOver, DateTimeOffset ComputedAt);

/// <summary>
/// Counts over the whole store: each is one COUNT query (cross-partition), so the endpoint is cached for a minute. The
/// busiest domains come from the newest published experiences, since neither backend's query port groups.
/// </summary>
public sealed class CollectiveFigures(IDocumentStore store, TimeProvider clock)
{
    public const int DomainSample = 500;
    public const int BusiestDomains = 8;

    public async Task<CollectiveFiguresResponse> GetAsync(CancellationToken cancellationToken)
    {
        Filter[] published = [Filter.Eq("kind", "experience"), Filter.Eq("status", ExperienceStatus.Published), Filter.Eq("visibility", Visibilities.Public)];
        var experiences = await store.CountAsync(new DocumentQuery(Containers.Experiences) { Filters = published }, cancellationToken);
        var agents = await store.CountAsync(new DocumentQuery(Containers.Agents), cancellationToken);
        var reports = await store.CountAsync(new DocumentQuery(Containers.Experiences) { Filters = [Filter.Eq("kind", "outcome")] }, cancellationToken);
        var open = await store.CountAsync(new DocumentQuery(Containers.Sessions)
        {
            Filters = [Filter.Eq("kind", "session"), Filter.Eq("status", SessionStatus.Open), Filter.Eq("visibility", Visibilities.Public)],
        }, cancellationToken);

        var domains = new Dictionary<string, int>(StringComparer.Ordinal);
        var counted = 0;
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync<DomainOnly>(new DocumentQuery(Containers.Experiences)
            {
                Filters = published, OrderBy = "created_at", Descending = true, Limit = 100, ContinuationToken = cursor,
            }, cancellationToken);
            foreach (var item in page.Items)
            {
                counted++;
                if (item.Body.Domain is { Length: > 0 } domain)
                {
                    domains[domain] = domains.GetValueOrDefault(domain) + 1;
                }
            }
            cursor = page.ContinuationToken;
        }
        while (cursor is not null && counted < DomainSample);

        var busiest = domains.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Take(BusiestDomains)
            .Select(d => new DomainCount(d.Key, d.Value)).ToList();
        return new CollectiveFiguresResponse(experiences, agents, reports, open, busiest, counted, clock.GetUtcNow());
    }
}

/// <summary>The one field of an experience the domain tally reads.</summary>
internal sealed record DomainOnly(string? Domain);
