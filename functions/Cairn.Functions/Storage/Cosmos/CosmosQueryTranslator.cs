using System.Text;

namespace Cairn.Storage.Cosmos;

// A Cosmos SQL query: the text, its parameters (every value is one), and the partition it targets.
internal sealed record CosmosQuery(string Sql, IReadOnlyList<KeyValuePair<string, object?>> Parameters, string? PartitionKey);

// Pure translation of a DocumentQuery into parameterised Cosmos SQL over the item shape of CosmosItem. Field names are
// validated and always bracket-quoted (c.data["value"]), since many plain words are reserved in Cosmos SQL. ORDER BY
// breaks ties on pk then id, matching PostgreSQL; that needs the composite index that CosmosContainerSetup declares for
// every sort field. Uses only what the local test server also supports: no OFFSET/LIMIT, DISTINCT or GROUP BY.
internal static class CosmosQueryTranslator
{
    public static CosmosQuery Translate(DocumentQuery query, DateTimeOffset now)
    {
        DocumentFields.EnsureValid(query);
        var parameters = new List<KeyValuePair<string, object?>> { new("@now", CosmosItem.UnixSeconds(now)) };
        var sql = new StringBuilder("SELECT * FROM c WHERE (NOT IS_DEFINED(c.expires_at) OR c.expires_at > @now)");
        if (query.PartitionKey is not null)
        {
            // Redundant with the request's partition key in Azure, but it keeps the query self-describing.
            sql.Append(" AND c.pk = @pk");
            parameters.Add(new("@pk", query.PartitionKey));
        }
        if (query.PartitionKeys is not null)
        {
            // A filter on the partition key path: the query plan sends it only to the ranges that hold these keys.
            sql.Append(" AND ").Append(In("c.pk", "@pk", query.PartitionKeys, parameters));
        }

        var index = 0;
        foreach (var filter in query.Filters)
        {
            sql.Append(" AND ").Append(Condition(filter, $"@f{index++}", parameters));
        }

        if (query.OrderBy is not null)
        {
            var direction = query.Descending ? "DESC" : "ASC";
            sql.Append($" ORDER BY {Path(query.OrderBy)} {direction}, c.pk {direction}, c.id {direction}");
        }
        return new CosmosQuery(sql.ToString(), parameters, query.PartitionKey);
    }

    // The same conditions as Translate, counted (order, limit and continuation do not apply).
    public static CosmosQuery TranslateCount(DocumentQuery query, DateTimeOffset now)
    {
        DocumentFields.EnsureCountable(query);
        var select = Translate(query with { OrderBy = null }, now);
        return select with { Sql = "SELECT VALUE COUNT(1)" + select.Sql["SELECT *".Length..] };
    }

    // The path of a body field in the stored item, as written in SQL.
    public static string Path(string field) => $"c.data[\"{field}\"]";

    private static string In<T>(string path, string name, IReadOnlyList<T> values, List<KeyValuePair<string, object?>> parameters)
    {
        if (values.Count == 0)
        {
            return "false";
        }
        var names = values.Select((value, i) =>
        {
            parameters.Add(new($"{name}_{i}", value));
            return $"{name}_{i}";
        });
        return $"{path} IN ({string.Join(", ", names)})";
    }

    private static string Condition(Filter filter, string name, List<KeyValuePair<string, object?>> parameters)
    {
        var path = Path(filter.Field);
        switch (filter)
        {
            case EqualsFilter { Value: null }:
                // PostgreSQL treats a missing field and JSON null alike here; so does this.
                return $"(NOT IS_DEFINED({path}) OR IS_NULL({path}))";
            case EqualsFilter equals:
                parameters.Add(new(name, equals.Value));
                return $"{path} = {name}";
            case ArrayContainsFilter contains:
                parameters.Add(new(name, contains.Value));
                return $"ARRAY_CONTAINS({path}, {name})";
            case InFilter inFilter:
                return In(path, name, inFilter.Values, parameters);
            case ComparisonFilter comparison:
                parameters.Add(new(name, comparison.Value));
                return $"{path} {comparison.Operator.ToSql()} {name}";
            default:
                throw new NotSupportedException($"Filter {filter.GetType().Name} is not supported.");
        }
    }
}
