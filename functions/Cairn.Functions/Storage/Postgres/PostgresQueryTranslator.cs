using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Cairn.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Storage.Postgres;

/// <summary>
/// Pure translation of a <see cref="DocumentQuery"/> into SQL over the documents table. Equality and array
/// membership use jsonb containment (GIN-indexed); ordering and ranges compare jsonb values, so numbers compare
/// as numbers and ISO-8601 UTC timestamps as text; ranges only match values of the same JSON type (as in Cosmos).
/// A missing sort field orders as JSON null (lowest). Paging is keyset: (order value, pk, id) of the last row.
/// </summary>
public static class PostgresQueryTranslator
{
    // SQL NULL (field absent) would sort last and make the keyset comparison unknown, silently ending paging early.
    private const string OrderValue = "coalesce(body->@order, 'null'::jsonb)";

    public static string Translate(DocumentQuery query, NpgsqlParameterCollection parameters)
    {
        DocumentFields.EnsureValid(query);
        var sql = new StringBuilder("select pk, id, body::text, etag, ");
        sql.Append(query.OrderBy is null ? "null" : $"{OrderValue}::text");
        sql.Append(" from documents where ");
        AppendConditions(sql, query, parameters);
        if (query.OrderBy is not null)
        {
            parameters.AddWithValue("order", query.OrderBy);
        }

        var direction = query.Descending ? "desc" : "asc";
        if (query.ContinuationToken is not null)
        {
            var (value, pk, id) = ReadContinuation(query.ContinuationToken);
            var comparison = query.Descending ? "<" : ">";
            sql.Append(query.OrderBy is null
                ? $" and (pk, id) {comparison} (@cpk, @cid)"
                : $" and ({OrderValue}, pk, id) {comparison} (@cvalue::jsonb, @cpk, @cid)");
            parameters.Add(new NpgsqlParameter("cvalue", NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
            parameters.AddWithValue("cpk", pk);
            parameters.AddWithValue("cid", id);
        }

        sql.Append(query.OrderBy is null
            ? $" order by pk {direction}, id {direction}"
            : $" order by {OrderValue} {direction}, pk {direction}, id {direction}");
        sql.Append(" limit @limit");
        parameters.AddWithValue("limit", query.Limit + 1);
        return sql.ToString();
    }

    /// <summary>The same conditions as <see cref="Translate"/>, counted; order, paging and limit do not apply.</summary>
    public static string TranslateCount(DocumentQuery query, NpgsqlParameterCollection parameters)
    {
        DocumentFields.EnsureCountable(query);
        var sql = new StringBuilder("select count(*) from documents where ");
        AppendConditions(sql, query, parameters);
        return sql.ToString();
    }

    private static void AppendConditions(StringBuilder sql, DocumentQuery query, NpgsqlParameterCollection parameters)
    {
        sql.Append("container = @container and (expires_at is null or expires_at > @now)");
        parameters.AddWithValue("container", query.Container);
        if (query.PartitionKey is not null)
        {
            sql.Append(" and pk = @pk");
            parameters.AddWithValue("pk", query.PartitionKey);
        }
        if (query.PartitionKeys is not null)
        {
            sql.Append(" and pk = any(@pks)");
            parameters.AddWithValue("pks", query.PartitionKeys.ToArray());
        }

        var index = 0;
        foreach (var filter in query.Filters)
        {
            var name = $"f{index++}";
            sql.Append(" and ").Append(Condition(filter, name, parameters));
        }
    }

    private static string Condition(Filter filter, string name, NpgsqlParameterCollection parameters)
    {
        switch (filter)
        {
            case EqualsFilter { Value: null } equals:
                parameters.AddWithValue(name, equals.Field);
                return $"coalesce(body->@{name}, 'null'::jsonb) = 'null'::jsonb";
            case EqualsFilter equals:
                parameters.Add(Json(name, new Dictionary<string, object?> { [equals.Field] = equals.Value }));
                return $"body @> @{name}";
            case ArrayContainsFilter contains:
                parameters.Add(Json(name, new Dictionary<string, object?> { [contains.Field] = new[] { contains.Value } }));
                return $"body @> @{name}";
            case InFilter inFilter:
                parameters.AddWithValue($"{name}k", inFilter.Field);
                parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
                {
                    Value = inFilter.Values.Select(v => JsonSerializer.Serialize(v, CairnJson.Options)).ToArray(),
                });
                return $"body->@{name}k = any(@{name})";
            case ComparisonFilter comparison:
                parameters.AddWithValue($"{name}k", comparison.Field);
                parameters.Add(Json(name, comparison.Value));
                // jsonb orders across types (a string is "less than" any number); Cosmos never matches across types.
                // The compared expression is the ORDER BY one, so one expression index serves a range and its order.
                return $"(coalesce(body->@{name}k, 'null'::jsonb) {comparison.Operator.ToSql()} @{name} and jsonb_typeof(body->@{name}k) = jsonb_typeof(@{name}))";
            default:
                throw new NotSupportedException($"Filter {filter.GetType().Name} is not supported.");
        }
    }

    private static NpgsqlParameter Json(string name, object? value) =>
        new(name, NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(value, CairnJson.Options) };

    internal static string Continuation(string? orderValue, string pk, string id) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { orderValue, pk, id }));

    private static (string? Value, string Pk, string Id) ReadContinuation(string token)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string?[]>(Base64Url.DecodeFromChars(token));
            if (parts is [var value, { } pk, { } id])
            {
                // The value is cast to jsonb in SQL: a forged one must fail here, not as a database error.
                using var _ = value is null ? null : JsonDocument.Parse(value);
                return (value, pk, id);
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            // Falls through to the caller-facing error below.
        }
        throw new InvalidContinuationTokenException();
    }
}
