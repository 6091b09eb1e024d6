using Azure.Search.Documents;
using Cairn.Search;
using Cairn.Search.AzureAISearch;
using AzureSearchOptions = Azure.Search.Documents.SearchOptions;

namespace Cairn.Tests.Search.AzureAISearch;

// Azure makes writes searchable about a second after it acknowledges them. The suite asserts on searches right after
// writes, so this waits, after each write, until searches see exactly what was written (or no longer see what was
// deleted). Polling is the only way to observe a refresh the service does not report.
public sealed class VisibleAfterWrites(ISearchIndex inner, SearchClient client) : ISearchIndex
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public async Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken)
    {
        await inner.UpsertAsync(documents, cancellationToken);
        var expected = documents.GroupBy(d => d.Id).Select(g => g.Last()).ToDictionary(d => d.Id, d => Fingerprint(AzureSearchRecord.From(d)));
        await WaitAsync(expected, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var existed = await inner.DeleteAsync(id, cancellationToken);
        await WaitAsync(new Dictionary<string, string> { [id] = "" }, cancellationToken, gone: true);
        return existed;
    }

    public async Task<bool> UpdateStatsAsync(string id, string? status, double? quality, CancellationToken cancellationToken)
    {
        var before = await SeenRecordsAsync([id], cancellationToken);
        var updated = await inner.UpdateStatsAsync(id, status, quality, cancellationToken);
        if (updated && before.TryGetValue(id, out var record))
        {
            await WaitAsync(new Dictionary<string, string> { [id] = Fingerprint(record, status, quality) }, cancellationToken);
        }
        return updated;
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);

    private async Task WaitAsync(IReadOnlyDictionary<string, string> expected, CancellationToken cancellationToken, bool gone = false)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var seen = await SeenAsync(expected.Keys, cancellationToken);
            if (gone ? seen.Count == 0 : expected.All(e => seen.TryGetValue(e.Key, out var fingerprint) && fingerprint == e.Value))
            {
                return;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Azure AI Search did not show the write of {string.Join(", ", expected.Keys)} within {Patience.TotalSeconds} s.");
            }
            await Task.Delay(Interval, cancellationToken);
        }
    }

    private async Task<Dictionary<string, string>> SeenAsync(IEnumerable<string> ids, CancellationToken cancellationToken) =>
        (await SeenRecordsAsync(ids, cancellationToken)).ToDictionary(e => e.Key, e => Fingerprint(e.Value));

    private async Task<Dictionary<string, AzureSearchRecord>> SeenRecordsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var options = new AzureSearchOptions { Filter = string.Join(" or ", ids.Select(id => $"id eq {AzureSearchFilter.Literal(id)}")), Size = 1000 };
        var response = await client.SearchAsync<AzureSearchRecord>("*", options, cancellationToken);
        var seen = new Dictionary<string, AzureSearchRecord>();
        await foreach (var result in response.Value.GetResultsAsync().WithCancellation(cancellationToken))
        {
            seen[result.Document.Id] = result.Document;
        }
        return seen;
    }

    private static string Fingerprint(AzureSearchRecord r) => Fingerprint(r, r.Status, r.Quality);

    private static string Fingerprint(AzureSearchRecord r, string? status, double? quality) =>
        string.Join('\u001f', r.Kind, r.Title, r.Content, r.Notes, r.Owner, r.Visibility, r.Scope, r.Domain, string.Join(',', r.Tools), status, quality);
}
