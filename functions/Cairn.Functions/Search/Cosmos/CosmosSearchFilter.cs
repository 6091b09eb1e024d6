using System.Globalization;

namespace Cairn.Search.Cosmos;

// Pure translation of a SearchFilter into a Cosmos DB WHERE condition over the search container's range-indexed fields.
// Every value is a query parameter; lists use IN, which the range index serves as one seek per value.
public static class CosmosSearchFilter
{
    // The conditions joined by AND (empty when there are none), adding their values to parameters.
    public static IReadOnlyList<string> Translate(SearchFilter filter, IDictionary<string, object> parameters)
    {
        var conditions = new List<string>();
        if (filter.Kinds.Count > 0)
        {
            conditions.Add(AnyOf(Path(CosmosSearchRecord.Fields.Kind), filter.Kinds, "kind", parameters));
        }
        if (filter.Owner is not null)
        {
            conditions.Add($"{Path(CosmosSearchRecord.Fields.Owner)} = {Add(parameters, "owner", filter.Owner)}");
        }
        if (filter.VisibleTo is not null)
        {
            conditions.Add($"({Path(CosmosSearchRecord.Fields.Visibility)} = \"{CosmosSearchRecord.Public}\" OR {Path(CosmosSearchRecord.Fields.Owner)} = {Add(parameters, "visibleTo", filter.VisibleTo)})");
        }
        if (filter.Scopes.Count > 0)
        {
            conditions.Add(AnyOf(Path(CosmosSearchRecord.Fields.Scope), filter.Scopes, "scope", parameters));
        }
        if (filter.Domain is not null)
        {
            conditions.Add($"{Path(CosmosSearchRecord.Fields.Domain)} = {Add(parameters, "domain", filter.Domain)}");
        }
        if (filter.Tools.Count > 0)
        {
            conditions.Add($"EXISTS(SELECT VALUE t FROM t IN {Path(CosmosSearchRecord.Fields.Tools)} WHERE {AnyOf("t", filter.Tools, "tool", parameters)})");
        }
        if (filter.Statuses.Count > 0)
        {
            conditions.Add(AnyOf(Path(CosmosSearchRecord.Fields.Status), filter.Statuses, "status", parameters));
        }
        if (filter.MinQuality is { } minQuality)
        {
            // A missing quality is undefined, and undefined >= x is never true: such documents are left out, as elsewhere.
            conditions.Add($"{Path(CosmosSearchRecord.Fields.Quality)} >= {Add(parameters, "minQuality", minQuality)}");
        }
        return conditions;
    }

    // A field of the item as the SQL names it.
    public static string Path(string field) => $"c.{field}";

    private static string AnyOf(string field, IReadOnlyList<string> values, string name, IDictionary<string, object> parameters)
    {
        var names = values.Select((v, i) => Add(parameters, $"{name}{i.ToString(CultureInfo.InvariantCulture)}", v)).ToList();
        return names.Count == 1 ? $"{field} = {names[0]}" : $"{field} IN ({string.Join(", ", names)})";
    }

    private static string Add(IDictionary<string, object> parameters, string name, object value)
    {
        var key = $"@{name}";
        parameters[key] = value;
        return key;
    }
}
