using System.Text;
using Azure.Search.Documents.Models;
using AzureSearchOptions = Azure.Search.Documents.SearchOptions;

namespace Cairn.Search.AzureAISearch;

// Pure translation of a SearchQuery into one Azure AI Search request: the words as a simple-syntax query with OR
// semantics (searchMode any) over the three weighted fields, the vector as a VectorizedQuery pre-filtered by the same
// OData filter, ids only in the response. Both arms present = Azure's hybrid query (RRF).
public static class AzureSearchQuery
{
    // Every character an Azure query parser (simple or full Lucene) treats as an operator.
    private const string Operators = "\\+-&|!(){}[]^\"~*?:/'";

    public sealed record Request(string? Text, AzureSearchOptions Options)
    {
        public bool Keyword => Text is not null;

        public bool Vector => Options.VectorSearch is not null;
    }

    // For a query that has words, a vector, or both (empty queries never reach the service).
    public static Request Build(SearchQuery query, int candidatesPerArm)
    {
        var keyword = !string.IsNullOrWhiteSpace(query.Text);
        if (!keyword && query.Vector is null)
        {
            throw new ArgumentException("A search needs words or a vector.", nameof(query));
        }
        var options = new AzureSearchOptions
        {
            Size = query.Limit,
            Filter = AzureSearchFilter.Translate(query.Filter),
            Select = { AzureSearchSchema.Id },
        };
        if (keyword)
        {
            options.SearchMode = SearchMode.Any;
            options.QueryType = SearchQueryType.Simple;
            options.ScoringProfile = AzureSearchSchema.WeightsProfile;
            // Document frequencies over the whole index, not per shard: small indexes would otherwise rank by shard luck.
            options.ScoringStatistics = ScoringStatistics.Global;
            foreach (var field in AzureSearchSchema.TextFields)
            {
                options.SearchFields.Add(field);
            }
        }
        if (query.Vector is { } vector)
        {
            options.VectorSearch = new VectorSearchOptions
            {
                Queries =
                {
                    new VectorizedQuery(vector)
                    {
                        KNearestNeighborsCount = Math.Max(candidatesPerArm, query.Limit),
                        Fields = { AzureSearchSchema.Vector },
                    },
                },
                // Filter before the nearest-neighbour cut, so a selective filter cannot empty the arm.
                FilterMode = VectorFilterMode.PreFilter,
            };
        }
        return new Request(keyword ? Escape(query.Text) : null, options);
    }

    // Every operator character escaped with '\': the text is only ever words, never query syntax.
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Operators.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
