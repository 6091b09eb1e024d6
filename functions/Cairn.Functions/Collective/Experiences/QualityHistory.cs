using Cairn.Storage;

namespace Cairn.Collective.Experiences;

/// <summary>The quality score after each outcome report and vote, oldest first: the dashboard's chart over time.</summary>
public sealed record QualityPoint(DateTimeOffset At, string Event, long SuccessCount, long FailureCount, long Upvotes, long Downvotes, double QualityScore);

public sealed record QualityHistoryResponse(Guid ExperienceId, IReadOnlyList<QualityPoint> Points, bool Truncated);

/// <summary>The fields of a report or a vote the history needs.</summary>
internal sealed record HistoryRecord(DateTimeOffset CreatedAt, bool? Success, string? VoteType);

/// <summary>
/// Replays an experience's records (its reports and votes, in its own partition) in time order. Reports and votes carry
/// no reporter here: the chart needs when and what, not who. A changed vote counts at the time of its latest choice.
/// </summary>
public sealed class QualityHistory(ExperienceService experiences, IDocumentStore store)
{
    /// <summary>Records read per kind; an experience with more shows its most recent ones and says so.</summary>
    public const int MaxRecords = 1_000;

    public async Task<QualityHistoryResponse> GetAsync(Guid? viewer, string identifier, CancellationToken cancellationToken)
    {
        var experience = (await experiences.ReadVisibleAsync(viewer, identifier, cancellationToken)).Body;
        var (outcomes, moreOutcomes) = await ReadAsync(experience.Id, "outcome", cancellationToken);
        var (votes, moreVotes) = await ReadAsync(experience.Id, "vote", cancellationToken);
        var points = new List<QualityPoint>(outcomes.Count + votes.Count);
        var stats = new ExperienceStats(0, 0, 0, 0);
        foreach (var record in outcomes.Concat(votes).OrderBy(r => r.CreatedAt))
        {
            stats = record.Success switch
            {
                true => stats with { SuccessCount = stats.SuccessCount + 1 },
                false => stats with { FailureCount = stats.FailureCount + 1 },
                null when record.VoteType == "up" => stats with { Upvotes = stats.Upvotes + 1 },
                _ => stats with { Downvotes = stats.Downvotes + 1 },
            };
            var name = record.Success switch { true => "success", false => "failure", null => $"vote_{record.VoteType}" };
            points.Add(new QualityPoint(record.CreatedAt, name, stats.SuccessCount, stats.FailureCount, stats.Upvotes, stats.Downvotes, Math.Round(Quality.Score(stats), 4)));
        }
        return new QualityHistoryResponse(experience.Id, points, moreOutcomes || moreVotes);
    }

    private async Task<(List<HistoryRecord> Records, bool More)> ReadAsync(Guid experienceId, string kind, CancellationToken cancellationToken)
    {
        var records = new List<HistoryRecord>();
        string? cursor = null;
        do
        {
            var page = await store.QueryAsync<HistoryRecord>(new DocumentQuery(Containers.Experiences)
            {
                PartitionKey = experienceId.ToString(), Filters = [Filter.Eq(DocumentFields.Kind, kind)],
                OrderBy = DocumentFields.CreatedAt, Descending = true, Limit = 100, ContinuationToken = cursor,
            }, cancellationToken);
            records.AddRange(page.Items.Select(i => i.Body));
            cursor = page.ContinuationToken;
        }
        while (cursor is not null && records.Count < MaxRecords);
        return (records, cursor is not null);
    }
}
