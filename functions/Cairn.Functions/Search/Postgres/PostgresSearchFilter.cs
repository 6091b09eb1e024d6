using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Search.Postgres;

// Pure translation of a SearchFilter into SQL conditions on search_documents; each is index-backed.
public static class PostgresSearchFilter
{
    // The conditions on search_documents d as " and …" clauses (empty for none), values in parameters. The keyword arm
    // applies the same filter in KeywordIndex; the conformance suite holds the two to one meaning.
    public static string Translate(SearchFilter filter, NpgsqlParameterCollection parameters)
    {
        var documents = new StringBuilder();
        if (filter.Kinds.Count > 0)
        {
            documents.Append(" and d.kind = any(@f_kinds)");
            parameters.Add(Texts("f_kinds", filter.Kinds));
        }
        if (filter.VisibleTo is not null)
        {
            documents.Append(" and (d.visibility = 'public' or d.owner = @f_visible_to)");
            parameters.AddWithValue("f_visible_to", filter.VisibleTo);
        }
        if (filter.Owner is not null)
        {
            documents.Append(" and d.owner = @f_owner");
            parameters.AddWithValue("f_owner", filter.Owner);
        }
        if (filter.Scopes.Count > 0)
        {
            documents.Append(" and d.scope = any(@f_scopes)");
            parameters.Add(Texts("f_scopes", filter.Scopes));
        }
        if (filter.Domain is not null)
        {
            documents.Append(" and d.domain = @f_domain");
            parameters.AddWithValue("f_domain", filter.Domain);
        }
        if (filter.Tools.Count > 0)
        {
            documents.Append(" and d.tools && @f_tools");
            parameters.Add(Texts("f_tools", filter.Tools));
        }
        if (filter.Statuses.Count > 0)
        {
            documents.Append(" and d.status = any(@f_statuses)");
            parameters.Add(Texts("f_statuses", filter.Statuses));
        }
        if (filter.MinQuality is { } minQuality)
        {
            documents.Append(" and d.quality >= @f_min_quality");
            parameters.AddWithValue("f_min_quality", minQuality);
        }
        return documents.ToString();
    }

    public static string Visibility(SearchVisibility visibility) => visibility switch
    {
        SearchVisibility.Public => "public",
        SearchVisibility.Private => "private",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility)),
    };

    private static NpgsqlParameter Texts(string name, IReadOnlyList<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };
}
