using System.Diagnostics;
using Cairn.Search;

namespace Cairn.Telemetry;

// Times every search (a span and the cairn.search.duration histogram), whichever index is configured.
internal sealed class MeteredSearchIndex(ISearchIndex inner, CairnTelemetry telemetry) : ISearchIndex
{
    private readonly string _provider = inner.GetType().Name;

    public Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken) =>
        inner.UpsertAsync(documents, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

    public Task<bool> UpdateStatsAsync(string id, string? status, double? quality, CancellationToken cancellationToken) =>
        inner.UpdateStatsAsync(id, status, quality, cancellationToken);

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        using var activity = CairnTelemetry.Source.StartActivity("search");
        activity?.SetTag("cairn.search.provider", _provider);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            var hits = await inner.SearchAsync(query, cancellationToken);
            activity?.SetTag("cairn.search.hits", hits.Count);
            return hits;
        }
        catch (Exception exception)
        {
            outcome = "error";
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
        finally
        {
            telemetry.SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new("cairn.search.provider", _provider), new("cairn.outcome", outcome));
        }
    }
}
