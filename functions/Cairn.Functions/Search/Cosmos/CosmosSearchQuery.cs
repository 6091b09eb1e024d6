using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cairn.Search.Cosmos;

// Pure translation of a SearchQuery into one Cosmos DB NoSQL query. Keyword: FullTextScore on the text and notes paths
// fused by RRF (notes at half weight), limited to items that contain a word. Vector: VectorDistance (cosine similarity,
// most similar first). Hybrid: one ORDER BY RANK RRF(...) over all three with weights from the fusion settings. Every
// filter sits in the WHERE clause, which Cosmos applies inside each arm.
public static class CosmosSearchQuery
{
    // Notes count half (NotesWeight) relative to title and content.
    private const double NotesShare = SearchFields.NotesWeight / SearchFields.ContentWeight;
    private const string Key = "c." + CosmosSearchRecord.Fields.Key;
    private const string Text = "c." + CosmosSearchRecord.Fields.Text;
    private const string Notes = "c." + CosmosSearchRecord.Fields.Notes;
    private const string Vector = "c." + CosmosSearchRecord.Fields.Vector;

    public sealed record Request(string Sql, IReadOnlyDictionary<string, object> Parameters, bool Keyword, bool Vector);

    // For a query that has words, a vector, or both (empty queries never reach the service).
    public static Request Build(SearchQuery query, FusionMethod fusion, double keywordWeight)
    {
        var terms = Terms(query.Text);
        var keyword = terms.Count > 0;
        var vector = query.Vector is not null;
        if (!keyword && !vector)
        {
            throw new ArgumentException("A search needs words or a vector.", nameof(query));
        }
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        var conditions = new List<string>(CosmosSearchFilter.Translate(query.Filter, parameters));
        var top = query.Limit.ToString(CultureInfo.InvariantCulture);
        string sql;
        if (vector)
        {
            parameters["@vector"] = query.Vector!.Value.ToArray();
        }
        if (keyword && !vector)
        {
            var words = Literals(terms);
            // FullTextScore ranks but does not select: without this, items with none of the words would fill the list.
            conditions.Add($"(FullTextContainsAny({Text}, {words}) OR FullTextContainsAny({Notes}, {words}))");
            sql = $"SELECT TOP {top} {Key} FROM c{Where(conditions)} ORDER BY RANK RRF(FullTextScore({Text}, {words}), FullTextScore({Notes}, {words}), [1, {Number(NotesShare)}])";
        }
        else if (!keyword)
        {
            conditions.Add($"IS_DEFINED({Vector})");
            sql = $"SELECT TOP {top} {Key}, VectorDistance({Vector}, @vector) AS similarity FROM c{Where(conditions)} ORDER BY VectorDistance({Vector}, @vector)";
        }
        else
        {
            var words = Literals(terms);
            var (text, notes, vectorWeight) = Weights(fusion, keywordWeight);
            sql = $"SELECT TOP {top} {Key} FROM c{Where(conditions)} ORDER BY RANK RRF(FullTextScore({Text}, {words}), FullTextScore({Notes}, {words}), " +
                $"VectorDistance({Vector}, @vector), [{Number(text)}, {Number(notes)}, {Number(vectorWeight)}])";
        }
        return new Request(sql, parameters, keyword, vector);
    }

    // RRF weights (text, notes, vector). Cosmos DB fuses by RRF only: Rrf weighs the arms alike; Convex's keyword
    // weight w becomes 2w for the text and 2(1 − w) for the vector, so w = 0.5 is plain RRF.
    public static (double Text, double Notes, double Vector) Weights(FusionMethod fusion, double keywordWeight) => fusion switch
    {
        FusionMethod.Convex => (2 * keywordWeight, 2 * keywordWeight * NotesShare, 2 * (1 - keywordWeight)),
        _ => (1, NotesShare, 1),
    };

    // The distinct words of the query, lower-cased, in order: runs of letters, digits and combining marks. Cosmos DB
    // stems and drops stop words itself; anything else (operators, punctuation, emoji) is never query syntax.
    public static IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        foreach (var c in text + " ")
        {
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length > 0 && seen.Add(word.ToString()))
            {
                terms.Add(word.ToString());
            }
            word.Clear();
        }
        return terms;
    }

    // The terms as Cosmos DB string literals (JSON's escaping, which Cosmos SQL shares), comma-separated.
    public static string Literals(IEnumerable<string> terms) => string.Join(", ", terms.Select(t => JsonSerializer.Serialize(t)));

    private static string Where(List<string> conditions) => conditions.Count == 0 ? "" : $" WHERE {string.Join(" AND ", conditions)}";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
