using System.Globalization;
using static Cairn.Search.AzureAISearch.AzureSearchSchema;

namespace Cairn.Search.AzureAISearch;

// Pure translation of a SearchFilter into an OData $filter, which the adapter applies to the keyword arm and,
// pre-filtered, to the vector arm. String literals double their single quotes; lists use search.in (one index lookup
// for many values) unless a value holds the delimiter, then an or chain.
public static class AzureSearchFilter
{
    private const char Delimiter = ',';

    // The filter expression, or null for no condition.
    public static string? Translate(SearchFilter filter)
    {
        var conditions = new List<string>();
        if (filter.Kinds.Count > 0)
        {
            conditions.Add(AnyOf(Kind, filter.Kinds));
        }
        if (filter.Owner is not null)
        {
            conditions.Add(Equal(Owner, filter.Owner));
        }
        if (filter.VisibleTo is not null)
        {
            conditions.Add($"({Equal(Visibility, VisibilityValue(SearchVisibility.Public))} or {Equal(Owner, filter.VisibleTo)})");
        }
        if (filter.Scopes.Count > 0)
        {
            conditions.Add(AnyOf(Scope, filter.Scopes));
        }
        if (filter.Domain is not null)
        {
            conditions.Add(Equal(Domain, filter.Domain));
        }
        if (filter.Tools.Count > 0)
        {
            conditions.Add($"{Tools}/any(t: {AnyOf("t", filter.Tools)})");
        }
        if (filter.Statuses.Count > 0)
        {
            conditions.Add(AnyOf(Status, filter.Statuses));
        }
        if (filter.MinQuality is { } minQuality)
        {
            // A null quality never compares true, so documents without one are left out, as on PostgreSQL.
            conditions.Add($"{Quality} ge {minQuality.ToString("R", CultureInfo.InvariantCulture)}");
        }
        return conditions.Count == 0 ? null : string.Join(" and ", conditions);
    }

    public static string VisibilityValue(SearchVisibility visibility) => visibility switch
    {
        SearchVisibility.Public => "public",
        SearchVisibility.Private => "private",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility)),
    };

    // An OData string literal: single quotes doubled, nothing else escaped.
    public static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string Equal(string field, string value) => $"{field} eq {Literal(value)}";

    private static string AnyOf(string field, IReadOnlyList<string> values)
    {
        if (values.Count == 1)
        {
            return Equal(field, values[0]);
        }
        // search.in would split a value at the delimiter, and may drop an empty one or trim spaces: compare those exactly.
        if (values.Any(v => v.Length == 0 || v.Contains(Delimiter, StringComparison.Ordinal) || v.Trim().Length != v.Length))
        {
            return $"({string.Join(" or ", values.Select(v => Equal(field, v)))})";
        }
        return $"search.in({field}, {Literal(string.Join(Delimiter, values))}, '{Delimiter}')";
    }
}
