using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Search.Postgres;

// Pure translation of a SearchFilter into SQL conditions; each is index-backed.
public static class PostgresSearchFilter
{
    // The conditions as " and …" clauses (empty for none), values in parameters. Documents is every condition on
    // search_documents d (vector arm). The keyword arm splits them: Postings checks kind, visibility and status on the
    // posting p itself, whose index holds them, and PostingDocuments the rest on d.
    public static FilterSql Translate(SearchFilter filter, NpgsqlParameterCollection parameters)
    {
        var documents = new StringBuilder();
        var postings = new StringBuilder();
        var postingDocuments = new StringBuilder();
        void Both(string condition)
        {
            documents.Append(condition);
            postingDocuments.Append(condition);
        }

        if (filter.Kinds.Count > 0)
        {
            documents.Append(" and d.kind = any(@f_kinds)");
            postings.Append(" and p.kind = any(@f_kinds)");
            parameters.Add(Texts("f_kinds", filter.Kinds));
        }
        if (filter.VisibleTo is not null)
        {
            documents.Append(" and (d.visibility = 'public' or d.owner = @f_visible_to)");
            // Only private postings whose owner key matches cost a look at the document.
            postings.Append(" and (p.public or p.owner_key = search_owner_key(@f_visible_to)" +
                " and exists (select 1 from search_documents o where o.doc = p.doc and o.owner = @f_visible_to))");
            parameters.AddWithValue("f_visible_to", filter.VisibleTo);
        }
        if (filter.Owner is not null)
        {
            Both(" and d.owner = @f_owner");
            parameters.AddWithValue("f_owner", filter.Owner);
        }
        if (filter.Scopes.Count > 0)
        {
            Both(" and d.scope = any(@f_scopes)");
            parameters.Add(Texts("f_scopes", filter.Scopes));
        }
        if (filter.Domain is not null)
        {
            Both(" and d.domain = @f_domain");
            parameters.AddWithValue("f_domain", filter.Domain);
        }
        if (filter.Tools.Count > 0)
        {
            Both(" and d.tools && @f_tools");
            parameters.Add(Texts("f_tools", filter.Tools));
        }
        if (filter.Statuses.Count > 0)
        {
            documents.Append(" and d.status = any(@f_statuses)");
            postings.Append(" and p.status = any(@f_statuses)");
            parameters.Add(Texts("f_statuses", filter.Statuses));
        }
        if (filter.MinQuality is { } minQuality)
        {
            Both(" and d.quality >= @f_min_quality");
            parameters.AddWithValue("f_min_quality", minQuality);
        }
        // One owner's documents or a few scopes' are few by nature; a domain, tools or a quality bound can leave thousands.
        return new FilterSql(documents.ToString(), postings.ToString(), postingDocuments.ToString(), filter.Owner is not null || filter.Scopes.Count > 0);
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

// One filter as SQL: for the vector arm (Documents) and split for the keyword arm. Narrow: it names an owner or scopes,
// so the keyword arm may score the few documents that pass instead of scanning postings.
public sealed record FilterSql(string Documents, string Postings, string PostingDocuments, bool Narrow);
