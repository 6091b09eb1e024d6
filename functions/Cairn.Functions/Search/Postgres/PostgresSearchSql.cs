using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Cairn.Search.Postgres;

/// <summary>
/// Builds the one statement that answers a query: the BM25 arm over <c>search_postings</c>, the HNSW arm over
/// <c>search_documents.embedding</c>, each with every filter inside, then fusion and the final cut. docs/search.md
/// explains each part. Pure: tested without a database.
/// </summary>
public static class PostgresSearchSql
{
    // Okapi BM25 as Lucene computes it (no (k1 + 1) factor, which does not change the order), k1 1.2 and b 0.75:
    // tf / (tf + k1 (1 - b) + k1 b dl / avgdl).
    private const string K1TimesOneMinusB = "0.3";
    private const string K1TimesB = "0.9";

    /// <summary>A query term whose idf is below this share of the query's highest idf is skipped (see the keyword arm).</summary>
    public const double NegligibleShare = 0.05;

    /// <summary>
    /// Each arm keeps only finite scores: PostgreSQL sorts NaN (a vector without direction has a NaN cosine) above every
    /// number, and one NaN or infinity in an arm makes every min-max-fused score NaN, so the ranking falls back to id order.
    /// </summary>
    internal const string Finite = "score > '-Infinity'::float8 and score < 'Infinity'::float8";

    // BM25 summed over a document's postings of the query terms (qt: idf with field weight and qtf, lnorm = k1 b / avgdl).
    private const string Score = $"sum(qt.idf * p.tf / (p.tf + {K1TimesOneMinusB}::float8 + qt.lnorm * p.dl))";

    /// <summary>
    /// With <paramref name="Model"/>, the vector arm reads only vectors recorded as that model's (one an older instance wrote
    /// during a model change never mixes in). <paramref name="DocumentSideMax"/>: see <see cref="SearchOptions.DocumentSideMax"/>.
    /// </summary>
    public sealed record Plan(bool Keyword, bool Vector, FusionMethod Fusion, FusionOptions FusionOptions, int Candidates, int MaxPostingsPerTerm,
        double KeywordWeight, string? Model = null, int DocumentSideMax = 2_000);

    public static string Build(SearchQuery query, Plan plan, NpgsqlParameterCollection parameters)
    {
        if (!plan.Keyword && !plan.Vector)
        {
            throw new ArgumentException("A search needs at least one arm.", nameof(plan));
        }

        var filter = PostgresSearchFilter.Translate(query.Filter, parameters);
        parameters.AddWithValue("candidates", plan.Candidates);
        parameters.AddWithValue("limit", query.Limit);
        var ctes = new List<string>();
        if (plan.Keyword)
        {
            parameters.AddWithValue("text", query.Text);
            parameters.AddWithValue("cap", plan.MaxPostingsPerTerm);
            if (filter.Narrow)
            {
                parameters.AddWithValue("doc_side_max", plan.DocumentSideMax);
            }
            ctes.AddRange(KeywordArm(filter));
        }
        if (plan.Vector)
        {
            parameters.Add(new NpgsqlParameter("vector", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = query.Vector!.Value.ToArray() });
            if (plan.Model is not null)
            {
                parameters.AddWithValue("model", plan.Model);
            }
            ctes.AddRange(VectorArm(plan.Model is null ? filter.Documents : $" and d.embedding_model = @model{filter.Documents}"));
        }

        var sql = new StringBuilder("with ").AppendJoin(",\n", ctes).Append('\n');
        if (plan.Keyword && plan.Vector)
        {
            sql.Append(Fusion(plan, parameters));
        }
        else
        {
            var arm = plan.Keyword ? "kr" : "vr";
            var columns = plan.Keyword ? "kr.rank, kr.score, null::bigint, null::float8" : "null::bigint, null::float8, vr.rank, vr.score";
            sql.Append(CultureInfo.InvariantCulture, $"""
                select d.id, {arm}.score, {columns}
                from {arm} join search_documents d on d.doc = {arm}.doc
                order by {arm}.rank limit @limit
                """);
        }
        return sql.ToString();
    }

    private static IEnumerable<string> KeywordArm(FilterSql filter)
    {
        var (postingFilter, documentFilter) = (filter.Postings, filter.PostingDocuments);
        // The other filters pick their documents once per query: under "or" the "in" stays a hashed subplan, built once
        // and probed per posting, where a plain "in" or a join would look each posting's document up again.
        var allowed = documentFilter.Length == 0 ? "" : $" and (p.doc in (select d.doc from search_documents d where true{documentFilter}) or p.doc < 0)";
        yield return """
            q as (
                select t.lexeme, coalesce(array_length(t.positions, 1), 1)::float8 as qtf
                from unnest(to_tsvector('english', @text)) t)
            """;
        yield return """
            stats as (
                select field, sum(docs)::float8 as n, sum(tokens)::float8 / greatest(sum(docs), 1) as avgdl
                from search_field_stats group by field)
            """;
        yield return string.Create(CultureInfo.InvariantCulture, $"""
            weighted as (
                select t.term, w.weight * q.qtf * ln(1 + (s.n - t.df + 0.5) / (t.df + 0.5)) as idf, {K1TimesB}::float8 / s.avgdl as lnorm
                from q
                join search_terms t on t.lexeme = q.lexeme and t.df > 0
                join stats s on s.field = t.field
                join (values (0::smallint, {SearchFields.TitleWeight}::float8), (1::smallint, {SearchFields.ContentWeight}::float8),
                             (2::smallint, {SearchFields.NotesWeight}::float8)) w(field, weight) on w.field = t.field)
            """);
        // A term adds less than its idf to any score (the tf part is below 1). One in nearly every document ("error" in
        // agents' notes) has an idf near 0 and the longest posting list: below NegligibleShare of the query's highest idf
        // it is not read, which moves a score by less than that share of what the query's best term can add.
        yield return string.Create(CultureInfo.InvariantCulture, $"""
            qt as (
                select term, idf, lnorm from (select weighted.*, max(idf) over () as highest from weighted) w
                where idf >= {NegligibleShare}::float8 * highest)
            """);
        var termSide = $"""
            select p.doc, {Score} as score
                from qt cross join lateral (
                    select p.doc, p.tf, p.dl from search_postings p
                    where p.term = qt.term{postingFilter}{allowed}
                    order by p.impact desc limit @cap) p
            """;
        if (!filter.Narrow)
        {
            yield return $"""
                kw as (
                    {termSide}
                    group by p.doc
                    order by score desc, p.doc limit @candidates)
                """;
        }
        else
        {
            foreach (var cte in FewDocuments(termSide, filter.Documents))
            {
                yield return cte;
            }
        }
        yield return $"kr as (select doc, score, row_number() over (order by score desc, doc) as rank from kw where {Finite})";
    }

    private static IEnumerable<string> FewDocuments(string termSide, string everyFilter)
    {
        // A selective document-side filter leaves few documents whose postings lie scattered over whole posting lists:
        // score those documents by primary key instead. Both branches are exact BM25 (a cap set below DocumentSideMax aside),
        // so the branch taken changes the cost, not the result; the one-time filter leaves the other branch unexecuted.
        yield return $"""
            few as materialized (select d.doc from search_documents d where true{everyFilter} limit @doc_side_max + 1)
            """;
        yield return $"""
            kw as (
                select doc, score from (
                    select p.doc, {Score} as score
                    from few cross join qt cross join lateral (
                        select p.doc, p.tf, p.dl from search_postings p where p.term = qt.term and p.doc = few.doc) p
                    where (select count(*) from few) <= @doc_side_max
                    group by p.doc
                    union all
                    {termSide}
                    where (select count(*) from few) > @doc_side_max
                    group by p.doc) k
                order by score desc, doc limit @candidates)
            """;
    }

    private static IEnumerable<string> VectorArm(string filter)
    {
        yield return $"""
            vec as (
                select d.doc, 1 - (d.embedding <=> @vector::vector) as score
                from search_documents d
                where d.embedding is not null{filter}
                order by d.embedding <=> @vector::vector limit @candidates)
            """;
        yield return $"vr as (select doc, score, row_number() over (order by score desc, doc) as rank from vec where {Finite})";
    }

    private static string Fusion(Plan plan, NpgsqlParameterCollection parameters)
    {
        string fused;
        if (plan.Fusion == FusionMethod.Rrf)
        {
            parameters.AddWithValue("rrf_k", (double)plan.FusionOptions.RrfK);
            fused = "coalesce(1 / (@rrf_k + krank), 0) + coalesce(1 / (@rrf_k + vrank), 0)";
        }
        else
        {
            parameters.AddWithValue("w", plan.KeywordWeight);
            fused = plan.FusionOptions.Normalization switch
            {
                // Min-max over each arm's candidates; an arm that missed the document adds 0, a lone candidate counts as 1.
                ScoreNormalization.MinMax => """
                    @w * case when kscore is null then 0 else coalesce((kscore - min(kscore) over ()) / nullif(max(kscore) over () - min(kscore) over (), 0), 1) end
                    + (1 - @w) * case when vscore is null then 0 else coalesce((vscore - min(vscore) over ()) / nullif(max(vscore) over () - min(vscore) over (), 0), 1) end
                    """,
                // Every keyword candidate's cosine is computed (vexact), so an exact match on a word the embedder does not
                // know keeps its vector share even when the vector arm ranks it nowhere.
                ScoreNormalization.AbsoluteCosine => """
                    @w * coalesce(kscore / nullif(max(kscore) over (), 0), 0) + (1 - @w) * coalesce(greatest(vexact, 0), 0)
                    """,
                _ => """
                    @w * coalesce(kscore / nullif(max(kscore) over (), 0), 0)
                    + (1 - @w) * coalesce(greatest(vexact, 0) / nullif(max(greatest(vexact, 0)) over (), 0), 0)
                    """,
            };
        }
        // The cosine of a keyword candidate the vector arm did not return, for the normalisations that use it.
        var vexact = plan.FusionOptions.Normalization == ScoreNormalization.MinMax ? "vr.score" : $"""
            coalesce(vr.score, (select c.score from (select 1 - (e.embedding <=> @vector::vector) as score from search_documents e
                where e.doc = kr.doc and e.embedding is not null{(plan.Model is null ? "" : " and e.embedding_model = @model")}) c where {Finite.Replace("score", "c.score")}))
            """;
        return $"""
            , both_arms as (
                select coalesce(kr.doc, vr.doc) as doc, kr.rank as krank, kr.score as kscore, vr.rank as vrank, vr.score as vscore,
                       {vexact} as vexact
                from kr full join vr on vr.doc = kr.doc)
            , fused as (select both_arms.*, {fused} as score from both_arms)
            select d.id, f.score, f.krank, f.kscore, f.vrank, f.vscore
            from fused f join search_documents d on d.doc = f.doc
            order by f.score desc, d.id limit @limit
            """;
    }
}
